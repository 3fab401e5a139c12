import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Co-building agreements with units: made with a unit found through the picker, amended (each amendment kept) and
/// ended, in the browser.
struct AgreementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CoBuildingPaths.agreements, use: index)
        routes.get(CoBuildingPaths.agreement, use: show)
        let editors = routes.allow(Role.placeEditors)
        editors.post(CoBuildingPaths.agreements, use: make)
        editors.post(CoBuildingPaths.amend, use: amend)
        editors.post(CoBuildingPaths.end, use: end)
    }

    struct ListModel: Encodable, Sendable { let table: Table; let canEdit: Bool; let unitPicker: Picker; let input: [String: String]; let errors: FormErrors }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, input: [:], problems: []) }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let today = BeijingTime.day(of: req.gongzhi.now())
        let agreements = try await Agreement.query(on: req.db).within(scope, \.$path).sort(\.$signedOn, .descending).all()
        let parties = Dictionary(try await RegistryDirectory.organizations(ids: agreements.map(\.organizationID), on: req.db).map { ($0.id, $0.name) }) { a, _ in a }
        let units = try await RegistryDirectory.organizations(OrganizationKind.allCases, within: scope, on: req.db)
        let table = Table(columns: [.plain("协议"), .plain("共建单位"), .plain("签订日期"), .plain("到期"), .plain("状态")],
                          rows: try agreements.map { a in
                              Table.Row([.init(a.title, link: CoBuildingPaths.agreement(try a.requireID())), .init(parties[a.organizationID] ?? "—"),
                                         .init(a.signedOn), .init(a.endsOn ?? "长期"), .init(a.status(on: today))])
                          }, emptyText: "尚无共建协议")
        let model = ListModel(table: table, canEdit: user.hasAny(Role.placeEditors),
                              unitPicker: Picker(name: "organizationID", label: "共建单位", options: units.map { .init(String($0.id), $0.name) },
                                                 selected: input["organizationID"], empty: "请选择", error: problems.byField["organizationID"]),
                              input: input.isEmpty ? ["signedOn": today.description] : input, errors: FormErrors(problems))
        return try await req.page("co-building/agreements", title: "共建协议", breadcrumbs: [.init("区域共建", CoBuildingPaths.committees.description), .init("共建协议")],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content { var organizationID: String?; var title: String?; var content: String?; var signedOn: String?; var endsOn: String?; var note: String? }

    func input(_ f: Form) -> CoBuildingDesk.AgreementInput { .init(title: f.title ?? "", content: f.content ?? "", signedOn: f.signedOn ?? "", endsOn: f.endsOn ?? "") }

    @Sendable func make(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let echo = ["organizationID": form.organizationID ?? "", "title": form.title ?? "", "content": form.content ?? "", "signedOn": form.signedOn ?? "", "endsOn": form.endsOn ?? ""]
        let scope = try req.currentUser.scope()
        guard let unit = try await Bounded.id(form.organizationID).asyncMap({ try await RegistryDirectory.organizations(ids: [$0], on: req.db).first }) ?? nil,
              scope.contains(unit.path) else {
            return try await render(req, input: echo, problems: [FieldProblem("organizationID", "请选择您管辖范围内的单位")])
        }
        do {
            let agreement = try await CoBuildingDesk.makeAgreement(input(form), with: unit, author: try Author(req), on: req.db)
            let id = try agreement.requireID()
            try await req.audit(action: "make-agreement", target: CoBuildingPaths.agreement(id), detail: "与\(unit.name)签订“\(agreement.title)”")
            return req.redirect(to: CoBuildingPaths.agreement(id), notice: "已登记与\(unit.name)的共建协议。")
        } catch AppError.invalid(let problems) { return try await render(req, input: echo, problems: problems) }
    }

    struct Model: Encodable, Sendable {
        struct Amendment: Encodable, Sendable { let on: String; let before: String; let after: String; let note: String; let by: String }
        let id: Int; let title: String; let unit: String; let content: String; let signedOn: String; let endsOn: String; let status: String
        let endReason: String?; let inForce: Bool; let amendments: [Amendment]?; let canEdit: Bool; let today: String
        let input: [String: String]; let errors: FormErrors
    }

    @Sendable func show(req: Request) async throws -> Response { try await renderOne(req, input: [:], problems: []) }

    func renderOne(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let a = try await req.visible(Agreement.self, path: \.$path)
        let id = try a.requireID()
        let unit = try await RegistryDirectory.organizations(ids: [a.organizationID], on: req.db).first
        let amendments = try await AgreementAmendment.query(on: req.db).filter(\.$agreementID == id).sort(\.$id).all()
        let today = BeijingTime.day(of: req.gongzhi.now())
        let model = Model(id: id, title: a.title, unit: unit?.name ?? "—", content: a.content, signedOn: a.signedOn, endsOn: a.endsOn ?? "长期",
                          status: a.status(on: today), endReason: a.endReason, inForce: a.endedOn == nil,
                          amendments: amendments.map { .init(on: $0.amendedOn, before: $0.before, after: $0.after, note: $0.note, by: $0.writtenBy) }.nonEmpty,
                          canEdit: try req.currentUser.hasAny(Role.placeEditors), today: today.description,
                          input: input.isEmpty ? ["content": a.content, "endsOn": a.endsOn ?? ""] : input, errors: FormErrors(problems))
        return try await req.page("co-building/agreement", title: a.title,
                                  breadcrumbs: [.init("共建协议", CoBuildingPaths.agreements.description), .init(a.title)], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func amend(req: Request) async throws -> Response {
        let a = try await req.visible(Agreement.self, path: \.$path)
        let form = try req.content.decode(Form.self)
        do { try await CoBuildingDesk.amend(a, input(form), note: form.note ?? "", author: try Author(req), on: req.db) }
        catch AppError.invalid(let problems) {
            return try await renderOne(req, input: ["content": form.content ?? "", "endsOn": form.endsOn ?? "", "note": form.note ?? ""], problems: problems)
        }
        try await req.audit(action: "amend-agreement", target: CoBuildingPaths.agreement(try a.requireID()), detail: "修订“\(a.title)”：\(form.note ?? "")")
        return req.redirect(to: CoBuildingPaths.agreement(try a.requireID()), notice: "已修订，原条款保留在修订记录中。")
    }

    struct EndForm: Content { var endedOn: String?; var reason: String? }

    @Sendable func end(req: Request) async throws -> Response {
        let a = try await req.visible(Agreement.self, path: \.$path)
        let form = try req.content.decode(EndForm.self)
        do { try await CoBuildingDesk.end(a, on: form.endedOn ?? "", reason: form.reason ?? "", author: try Author(req), on: req.db) }
        catch AppError.invalid(let problems) { return try await renderOne(req, input: ["endedOn": form.endedOn ?? "", "reason": form.reason ?? ""], problems: problems) }
        try await req.audit(action: "end-agreement", target: CoBuildingPaths.agreement(try a.requireID()), detail: "终止“\(a.title)”：\(form.reason ?? "")")
        return req.redirect(to: CoBuildingPaths.agreement(try a.requireID()), notice: "协议已终止。")
    }
}
