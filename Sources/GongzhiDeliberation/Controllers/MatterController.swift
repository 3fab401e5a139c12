import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 一征三议两公开 for community workers: the matters of their places, each carried from opinions to the result notice.
struct MatterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(DeliberationPaths.matters, use: index)
        routes.get(DeliberationPaths.matter, use: show)
        routes.get(DeliberationPaths.visits, use: visits)
        routes.get(DeliberationPaths.export, use: export)
        let editors = routes.allow(Role.placeEditors)
        editors.post(DeliberationPaths.matters, use: open)
        editors.post(DeliberationPaths.opinions, use: recordOpinion)
        editors.post(DeliberationPaths.meetings, use: recordMeeting)
        editors.post(DeliberationPaths.plans, use: savePlan)
        editors.post(DeliberationPaths.ballots, use: castBallot)
        editors.post(DeliberationPaths.advance, use: advance)
        editors.post(DeliberationPaths.progress, use: recordProgress)
        editors.post(DeliberationPaths.representatives, use: setRepresentatives)
    }

    // MARK: The list

    struct ListModel: Encodable, Sendable {
        let table: Table
        let canOpen: Bool
        let places: Picker?
        let rules: [MatterPage.Option]
        let forms: [MatterPage.Option]
        let input: [String: String]
        let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await list(req, input: [:], problems: []) }

    func list(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let matters = try await Matter.query(on: req.db).within(user.scope(), \.$path).sort(\.$id, .descending).all()
        let places = Dictionary(try await RegistryDirectory.places(ids: Array(Set(matters.map(\.placeID))), on: req.db).map { ($0.id, $0.address) }) { a, _ in a }
        let rows = try matters.map { m in
            Table.Row([.init(m.title, link: DeliberationPaths.matter(try m.requireID())), .init(places[m.placeID] ?? ""), .init(m.stage.label), .init(m.rule.label),
                       .init(BeijingTime.day(of: Date(timeIntervalSince1970: Double(m.createdAt))).description)])
        }
        let canOpen = user.hasAny(Role.placeEditors)
        var placeOptions: [Picker.Option] = []
        if canOpen {
            for kind in [PlaceKind.community, .compound, .building] {
                placeOptions += try await RegistryDirectory.places(kind, within: user.scope(), on: req.db).map { ($0.path, Picker.Option(String($0.id), $0.address.isEmpty ? $0.name : $0.address)) }
                    .sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        let model = ListModel(
            table: Table(columns: ["事项", "范围", "阶段", "表决规则", "发起日期"].map { .plain($0) }, rows: rows, emptyText: "尚无议事事项"),
            canOpen: canOpen,
            places: canOpen ? Picker(name: "placeIDs[]", label: "事项范围（一个社区、楼院或楼栋，或同时选择几栋楼）", options: placeOptions, selected: input["placeID"],
                                     ordered: true, multiple: true, error: problems.byField["placeID"]) : nil,
            rules: VoteRule.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            forms: AssemblyForm.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            input: input, errors: FormErrors(problems))
        return try await req.page("deliberation/index", title: "议事协商", breadcrumbs: [.init("议事协商")], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct OpenForm: Content { var title: String; var summary: String; var placeID: String?; var placeIDs: [String]?; var householdCodes: String?; var rule: String; var form: String? }

    @Sendable func open(req: Request) async throws -> Response {
        let form = try req.content.decode(OpenForm.self)
        let input = MatterDesk.Opening(title: form.title, summary: form.summary, placeIDs: (form.placeIDs ?? []) + (form.placeID.map { [$0] } ?? []),
                                       householdCodes: form.householdCodes ?? "",
                                       rule: form.rule, form: form.form ?? AssemblyForm.households.rawValue)
        do {
            let matter = try await MatterDesk.open(input, scope: try req.currentUser.scope(), author: try MatterDesk.Author(req), on: req.db)
            return req.redirect(to: DeliberationPaths.matter(try matter.requireID()), notice: "已发起议事事项“\(matter.title)”，请开始征求意见。")
        } catch AppError.invalid(let problems) {
            return try await list(req, input: ["title": form.title, "summary": form.summary, "placeID": form.placeIDs?.first ?? form.placeID ?? "",
                                               "householdCodes": form.householdCodes ?? "", "rule": form.rule, "form": form.form ?? ""], problems: problems)
        }
    }

    // MARK: A matter

    @Sendable func show(req: Request) async throws -> Response { try await render(req, input: [:], problems: [], openForm: "") }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem], openForm: String) async throws -> Response {
        let file = try await load(req)
        let objections = try await objections(file, on: req.db)
        let page = try await MatterPage.make(file, objections: objections, user: try req.currentUser, input: input, problems: problems, openForm: openForm, on: req.db)
        return try await req.page("deliberation/matter", title: file.matter.title,
                                  breadcrumbs: [.init("议事协商", DeliberationPaths.matters.description), .init(file.matter.title)], page,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// A matter's records, read once per change of any module's data (a large compound's matter holds a thousand
    /// opinions and ballots) and per day (what is open depends on the date). The place check is made every time.
    let files = RevisionCache<FileKey, MatterFile>()
    struct FileKey: Hashable, Sendable { let id: Int; let day: CivilDate }

    func load(_ req: Request) async throws -> MatterFile {
        let matter = try await req.visible(Matter.self, path: \.$path)
        let today = BeijingTime.day(of: req.gongzhi.now())
        return try await files.value(FileKey(id: try matter.requireID(), day: today), revision: try await DataRevision.total(on: req.db)) {
            try await MatterFile.load(matter, today: today, on: req.db)
        }
    }

    func objections(_ file: MatterFile, on db: any Database) async throws -> [NoticeObjection] {
        let ids = try file.notices.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        return try await NoticeObjection.query(on: db).filter(\.$noticeID ~~ ids).sort(\.$id).all()
    }

    /// Runs a write of the matter's page: the matter is found within the user's places first, then the form is read;
    /// on a problem the page comes back with the form open, what was typed kept, and every reason beside its field.
    /// `empty`: what a form that sends no field of its own (a button) means.
    func write<Form: Content>(_ req: Request, form name: String, as type: Form.Type, empty: Form? = nil, echo: (Form) -> [String: String],
                              _ body: (MatterFile, Form) async throws -> String) async throws -> Response {
        let file = try await load(req)
        let form = try empty.map { (try? req.content.decode(Form.self)) ?? $0 } ?? req.content.decode(Form.self)
        do {
            let notice = try await body(file, form)
            return req.redirect(to: DeliberationPaths.matter(file.id), notice: notice)
        } catch AppError.invalid(let problems) {
            return try await render(req, input: echo(form), problems: problems, openForm: name)
        }
    }

    struct OpinionForm: Content { var householdID: String?; var stance: String; var text: String?; var givenBy: String }

    @Sendable func recordOpinion(req: Request) async throws -> Response {
        try await write(req, form: "opinion", as: OpinionForm.self,
                        echo: { ["householdID": $0.householdID ?? "", "stance": $0.stance, "text": $0.text ?? "", "givenBy": $0.givenBy] }) { file, form in
            try await MatterDesk.recordOpinion(.init(householdID: Bounded.id(form.householdID), stance: form.stance, text: form.text ?? "", givenBy: form.givenBy),
                                               file: file, channel: .paper, author: try MatterDesk.Author(req), on: req.db)
            return "已记录意见。"
        }
    }

    struct MeetingForm: Content { var kind: String; var heldOn: String; var due: String; var attendeeIDs: [String]?; var guests: String?; var minutes: String; var agreed: String? }

    @Sendable func recordMeeting(req: Request) async throws -> Response {
        try await write(req, form: "meeting", as: MeetingForm.self,
                        echo: { ["heldOn": $0.heldOn, "due": $0.due, "guests": $0.guests ?? "", "minutes": $0.minutes] }) { file, form in
            guard (form.attendeeIDs?.count ?? 0) <= 500 else { throw AppError.invalid("attendeeIDs", "参会人最多500人") }
            try await MatterDesk.recordMeeting(.init(kind: form.kind, heldOn: form.heldOn, due: form.due, attendeeIDs: (form.attendeeIDs ?? []).compactMap(Bounded.id),
                                                     guests: form.guests ?? "", minutes: form.minutes, agreed: form.agreed == "yes"),
                                               file: file, scope: try req.currentUser.scope(), author: try MatterDesk.Author(req), on: req.db)
            return "已记录会议。"
        }
    }

    struct PlanForm: Content { var plan: String; var note: String? }

    @Sendable func savePlan(req: Request) async throws -> Response {
        try await write(req, form: "plan", as: PlanForm.self, echo: { ["plan": $0.plan, "note": $0.note ?? ""] }) { file, form in
            let version = try await MatterDesk.savePlan(text: form.plan, note: form.note ?? "", file: file, author: try MatterDesk.Author(req), on: req.db)
            return "已保存方案第\(version)版。"
        }
    }

    struct BallotForm: Content { var voter: String; var choice: String; var castBy: String }

    @Sendable func castBallot(req: Request) async throws -> Response {
        try await write(req, form: "ballot", as: BallotForm.self, echo: { ["voter": $0.voter, "choice": $0.choice, "castBy": $0.castBy] }) { file, form in
            try await MatterDesk.castBallot(.init(voter: form.voter, choice: form.choice, castBy: form.castBy), file: file, channel: .paper,
                                            author: try MatterDesk.Author(req), on: req.db)
            return "已录入纸质表决票。"
        }
    }

    /// The button alone sends no field but the form token.
    struct AdvanceForm: Content { var closesOn: String? = nil }

    @Sendable func advance(req: Request) async throws -> Response {
        try await write(req, form: "advance", as: AdvanceForm.self, empty: AdvanceForm(), echo: { ["closesOn": $0.closesOn ?? ""] }) { file, form in
            try await MatterDesk.advance(file, objections: try await objections(file, on: req.db), closesOn: form.closesOn, author: try MatterDesk.Author(req), on: req.db) { draft, db in
                try await NoticesModule.publish(draft, by: req, on: db)
            }
        }
    }

    struct RepresentativesForm: Content { var representativeIDs: [String]? }

    @Sendable func setRepresentatives(req: Request) async throws -> Response {
        try await write(req, form: "representatives", as: RepresentativesForm.self, empty: RepresentativesForm(representativeIDs: nil), echo: { _ in [:] }) { file, form in
            guard (form.representativeIDs?.count ?? 0) <= 500 else { throw AppError.invalid("representativeIDs", "代表最多500人") }
            let count = try await MatterDesk.setRepresentatives((form.representativeIDs ?? []).compactMap(Bounded.id), file: file, on: req.db)
            return "已登记居民代表\(count)人。"
        }
    }

    struct ProgressForm: Content { var onDay: String; var text: String; var percent: String }

    @Sendable func recordProgress(req: Request) async throws -> Response {
        try await write(req, form: "progress", as: ProgressForm.self, echo: { ["onDay": $0.onDay, "text": $0.text, "percent": $0.percent] }) { file, form in
            try await MatterDesk.recordProgress(day: form.onDay, text: form.text, percent: form.percent, file: file, author: try MatterDesk.Author(req), on: req.db)
            return "已记录实施情况。"
        }
    }

    // MARK: Excel

    /// Every opinion and ballot of the matter, the replaced ones too, one row each, names masked: what a worker files
    /// or sends on, never who said what in full.
    @Sendable func export(req: Request) async throws -> Response {
        let file = try await load(req)
        let addresses = Dictionary(file.households.map { ($0.id, $0.address) }) { a, _ in a }
        let labels = file.electorate.labels
        var rows: [[String]] = []
        for o in file.opinions + file.opinionHistory {
            rows.append(["意见", addresses[o.householdID] ?? "", o.stance.label, o.text, o.channel.label, o.givenBy.maskedName, BeijingTime.format(seconds: o.recordedAt),
                         o.replacedAt.map { "已更新（\(BeijingTime.format(seconds: $0))）" } ?? "现行"])
        }
        for b in file.ballots + file.ballotHistory {
            // An owner's label begins with their name: only the address part is kept.
            let who = labels[b.voter].map { file.matter.rule.byOwners ? ($0.split(separator: "：").last.map(String.init) ?? $0) : $0 } ?? ""
            rows.append(["表决票", who, b.choice.label, "", b.channel.label, b.castBy.maskedName, BeijingTime.format(seconds: b.recordedAt),
                         b.replacedAt.map { "已改票（\(BeijingTime.format(seconds: $0))）" } ?? "现行"])
        }
        let data = try XLSXWriter.workbook(sheetName: "意见与表决", header: ["类别", "住户或业主", "意见或表决", "内容", "方式", "填写人", "时间", "状态"],
                                           rows: rows, widths: [8, 40, 10, 30, 10, 10, 20, 24])
        try await req.audit(action: "export", target: DeliberationPaths.export(file.id), detail: "导出议事事项“\(file.matter.title)”的意见与表决")
        return XLSXWriter.download(data, filename: "议事意见与表决-\(file.id).xlsx")
    }

    // MARK: The visit round

    struct VisitsModel: Encodable, Sendable { let id: Int; let title: String; let buildings: [Building]?; let total: Int
        struct Building: Encodable, Sendable { let name: String; let households: [String] } }

    /// The households not yet asked, by building: what the visit round prints and takes door to door.
    @Sendable func visits(req: Request) async throws -> Response {
        let file = try await load(req)
        let notAsked = file.notAsked
        let buildings = try await RegistryDirectory.places(.building, within: PlaceScope(paths: [file.matter.path]), on: req.db)
        var groups: [(String, [String])] = []
        for b in buildings {
            let rows = notAsked.filter { $0.path.hasPrefix(b.path) }.map { "\($0.address)（\($0.residents)人）" }
            if !rows.isEmpty { groups.append((b.address, rows)) }
        }
        let placed = Set(groups.flatMap(\.1))
        let others = notAsked.map { "\($0.address)（\($0.residents)人）" }.filter { !placed.contains($0) }
        if !others.isEmpty { groups.append(("其他", others)) }
        let model = VisitsModel(id: file.id, title: file.matter.title, buildings: groups.map { .init(name: $0.0, households: $0.1) }.nonEmpty, total: notAsked.count)
        return try await req.page("deliberation/visits", title: "入户征求意见名单",
                                  breadcrumbs: [.init("议事协商", DeliberationPaths.matters.description), .init(file.matter.title, DeliberationPaths.matter(file.id)), .init("入户名单")], model)
    }
}
