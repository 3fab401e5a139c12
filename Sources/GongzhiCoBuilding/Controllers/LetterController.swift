import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 一书一函一信: a proposal letter, a letter to a unit, a thank-you letter — drafted from the records they cite, edited,
/// kept with their date, and printed.
struct LetterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CoBuildingPaths.letters, use: index)
        routes.get(CoBuildingPaths.letter, use: show)
        routes.allow(Role.placeEditors).post(CoBuildingPaths.letters, use: write)
    }

    struct ListModel: Encodable, Sendable {
        let table: Table; let canEdit: Bool; let kinds: [Picker]; let kind: String?; let draft: Bool; let unitPicker: Picker?
        let committeeID: Int?; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, input: [:], problems: []) }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let roster = try await CommitteeRoster.load(scope, on: req.db)
        let letters = try await CoBuildingLetter.query(on: req.db).within(scope, \.$path).sort(\.$dated, .descending).all()
        let units = Dictionary(try await RegistryDirectory.organizations(ids: letters.compactMap(\.organizationID), on: req.db).map { ($0.id, $0.name) }) { a, _ in a }
        let table = Table(columns: [.plain("日期"), .plain("类别"), .plain("标题"), .plain("收信单位")],
                          rows: try letters.map { l in Table.Row([.init(l.dated), .init(l.kind.label), .init(l.title, link: CoBuildingPaths.letter(try l.requireID())),
                                                                  .init(l.organizationID.flatMap { units[$0] } ?? "全体成员单位")]) },
                          emptyText: "尚无往来文书")
        // A draft is made when the worker has chosen the kind, the committee and (for a 函 or a thank-you) the unit.
        let kind = try req.queryChoice("kind", LetterKind.self, label: "文书类别") ?? LetterKind(rawValue: input["kind"] ?? "")
        let committeeID = try Bounded.id(input["committeeID"]) ?? req.queryID("committee", label: "区域党组织")
        let committee = roster.committees.first { $0.entry.id == committeeID } ?? (roster.committees.count == 1 ? roster.committees.first : nil)
        let unitID = try Bounded.id(input["organizationID"]) ?? req.queryID("organization", label: "单位")
        let unit = try await committee.asyncMap { c in try await RegistryDirectory.organizations(ids: c.members.filter { $0 == unitID }, on: req.db).first } ?? nil
        var draft = input
        if input.isEmpty, let kind, let committee, !kind.toOneUnit || unit != nil {
            let d = try await LetterDraft.make(kind, committee: committee.entry, members: committee.members.count, unit: unit, on: req.db)
            draft = ["title": d.title, "body": d.body, "dated": BeijingTime.day(of: req.gongzhi.now()).description]
        }
        var unitPicker: Picker?
        if let committee, kind?.toOneUnit == true {
            let members = try await RegistryDirectory.organizations(ids: committee.members, on: req.db)
            unitPicker = Picker(name: "organization", label: "收信单位", options: members.map { .init(String($0.id), $0.name) }, selected: unitID.map(String.init),
                                empty: "请选择", error: problems.byField["organizationID"])
        }
        let kinds = [Picker(name: "kind", label: "文书类别", options: LetterKind.allCases.map { .init($0.rawValue, $0.label) }, selected: kind?.rawValue, empty: "请选择", ordered: true),
                     Picker(name: "committee", label: "区域党组织", options: roster.committees.map { .init(String($0.entry.id), $0.entry.name) },
                            selected: committee.map { String($0.entry.id) }, empty: "请选择", ordered: true)]
        let model = ListModel(table: table, canEdit: user.hasAny(Role.placeEditors), kinds: kinds, kind: kind?.rawValue,
                              draft: draft["body"] != nil, unitPicker: unitPicker, committeeID: committee?.entry.id,
                              input: draft.merging(["organizationID": unit.map { String($0.id) } ?? ""]) { a, _ in a }, errors: FormErrors(problems))
        return try await req.page("co-building/letters", title: "一书一函一信", breadcrumbs: [.init("区域共建", CoBuildingPaths.committees.description), .init("一书一函一信")],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content { var kind: String?; var committeeID: String?; var organizationID: String?; var title: String?; var body: String?; var dated: String? }

    @Sendable func write(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let echo = ["kind": form.kind ?? "", "committeeID": form.committeeID ?? "", "organizationID": form.organizationID ?? "", "title": form.title ?? "",
                    "body": form.body ?? "", "dated": form.dated ?? ""]
        let roster = try await CommitteeRoster.load(try req.currentUser.scope(), on: req.db)
        guard let kind = LetterKind(rawValue: form.kind ?? ""), let committee = roster.committees.first(where: { $0.entry.id == Bounded.id(form.committeeID) }) else {
            return try await render(req, input: echo, problems: [FieldProblem("kind", "请选择文书类别和您管辖范围内的区域党组织")])
        }
        let unitID = Bounded.id(form.organizationID)
        let unit = try await RegistryDirectory.organizations(ids: committee.members.filter { $0 == unitID }, on: req.db).first
        do {
            let letter = try await CoBuildingDesk.writeLetter(kind, .init(title: form.title ?? "", body: form.body ?? "", dated: form.dated ?? ""),
                                                              committee: committee.entry, unit: unit, author: try Author(req), on: req.db)
            let id = try letter.requireID()
            try await req.audit(action: "write-co-building-letter", target: CoBuildingPaths.letter(id), detail: "\(kind.label)：\(letter.title)")
            return req.redirect(to: CoBuildingPaths.letter(id), notice: "已保存\(kind.label)，可以打印。")
        } catch AppError.invalid(let problems) { return try await render(req, input: echo, problems: problems) }
    }

    struct Model: Encodable, Sendable { let title: String; let kind: String; let paragraphs: [String]; let signature: String; let dated: String }

    @Sendable func show(req: Request) async throws -> Response {
        let l = try await req.visible(CoBuildingLetter.self, path: \.$path)
        let committee = try await RegistryDirectory.partyOrganizations(ids: [l.committeeID], on: req.db).first
        let dated = CivilDate(yyyymmdd: l.dated)?.chinese ?? l.dated
        return try await req.page("co-building/letter", title: l.title, breadcrumbs: [.init("一书一函一信", CoBuildingPaths.letters.description), .init(l.title)],
                                  Model(title: l.title, kind: l.kind.label, paragraphs: l.body.split(whereSeparator: \.isNewline).map(String.init),
                                        signature: committee?.name ?? "", dated: dated))
    }
}
