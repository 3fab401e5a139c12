import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 退役军人服务: the veterans in the user's places and the medals given to them, with signed receipts.
struct VeteranController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(VeteranPaths.veterans, use: index)
        routes.allow(Role.placeEditors).post(VeteranPaths.veterans, use: register)
        routes.allow(Role.placeEditors).post(VeteranPaths.medals, use: issueMedal)
    }

    struct Model: Encodable, Sendable {
        let figures: [Highlight.Figure]
        let sentence: String
        let veterans: Table
        let canIssue: Bool
        let choices: [Choice]
        let wars: [War]
        let form: [String: String]
        let errors: [String: String]
        struct Choice: Encodable, Sendable { let value: Int; let label: String; let selected: Bool }
        struct War: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, form: [:], errors: []) }

    func render(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let roll = try await VeteranRoll.load(user.scope(), on: req.db)
        let residents = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.residents(ids: roll.veterans.map(\.residentID), on: req.db).map { ($0.id, $0) })
        let addresses = try await RegistryDirectory.addresses(of: Set(roll.veterans.map(\.path)), on: req.db)
        let rows = roll.veterans.map { v in
            let r = residents[v.residentID]
            return Table.Row([.init(r?.name ?? "—", link: RegistryPaths.resident(v.residentID)), .init(r?.birthDate ?? ""), .init(addresses[v.path] ?? ""),
                              .init(v.war.label), .init(v.service), .init(v.honours.isEmpty ? "—" : v.honours),
                              .init(roll.medals.filter { $0.veteranID == v.id }.map { "\($0.medal)（\($0.issuedOn)，\($0.receiptSignedBy)签收）" }.joined(separator: "；"))])
        }
        let model = Model(
            figures: roll.figures, sentence: roll.sentence,
            veterans: Table(columns: ["姓名", "出生日期", "住址", "参战", "服役部队", "荣誉", "纪念章"].map { .plain($0) }, rows: rows, emptyText: "尚无退役军人记录"),
            canIssue: user.hasAny(Role.placeEditors),
            choices: try roll.veterans.map { v in
                let id = try v.requireID()
                return .init(value: id, label: residents[v.residentID]?.name ?? "#\(id)", selected: form["veteranID"] == String(id))
            },
            wars: VeteranWar.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: form["war"] == $0.rawValue) },
            // A fresh form continues the latest distribution: its medal, today.
            form: form.isEmpty ? ["medal": roll.medals.last?.medal ?? "", "issuedOn": BeijingTime.day(of: req.gongzhi.now()).description] : form,
            errors: errors.byField)
        return try await req.page("veterans/index", title: "退役军人服务", breadcrumbs: [.init("退役军人服务")], model, status: status)
    }

    struct VeteranForm: Content { var idNumber: String; var war: String; var service: String; var honours: String? }

    /// Registers a resident as a veteran by full ID number (the resident is found, not retyped); the registry's
    /// veteran tag is set in the same transaction, so the resident ledger says so without a second entry.
    @Sendable func register(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let form = try req.content.decode(VeteranForm.self)
        let service = form.service.trimmedSpaces, honours = form.honours?.trimmedSpaces ?? ""
        var problems: [FieldProblem] = []
        var resident: RegistryDirectory.ResidentEntry?
        switch try await RegistryDirectory.resident(idNumber: form.idNumber, within: scope, vault: req.gongzhi.vault, on: req.db) {
        case .found(let r): resident = r
        case .notFound: problems.append(FieldProblem("idNumber", "您管辖范围内没有登记该公民身份号码的居民，请先在居民台账中登记"))
        case .invalid(let reason): problems.append(FieldProblem("idNumber", reason))
        }
        if let resident, try await Veteran.query(on: req.db).filter(\.$residentID == resident.id).count() > 0 {
            problems.append(FieldProblem("idNumber", "\(resident.name)已登记为退役军人"))
        }
        let war = VeteranWar(rawValue: form.war)
        if war == nil { problems.append(FieldProblem("war", "请选择参战情况")) }
        _ = TextRule.title("服役部队").check(service, field: "service", into: &problems)
        _ = TextRule.note("荣誉", max: 100).check(honours, field: "honours", into: &problems)
        guard problems.isEmpty, let resident, let war else {
            // The number typed is not sent back into the page: a full ID number is never shown.
            return try await render(req, form: ["war": form.war, "service": service, "honours": honours], errors: problems, status: .unprocessableEntity)
        }
        let veteran = Veteran()
        veteran.residentID = resident.id; veteran.path = resident.path; veteran.war = war; veteran.service = service; veteran.honours = honours
        try await req.db.transaction { db in
            try await veteran.create(on: db)
            try await RegistryDirectory.addTag(.veteran, to: [resident.id], on: db)
            try await DataRevision.bump(VeteransModule.name, on: db)
        }
        return req.redirect(to: VeteranPaths.veterans.description, notice: "已登记退役军人\(resident.name)。")
    }

    struct MedalForm: Content { var veteranID: String; var medal: String; var issuedOn: String; var receiptSignedBy: String }

    /// Records a medal given, with who signed the receipt; a veteran receives each medal once.
    @Sendable func issueMedal(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let form = try req.content.decode(MedalForm.self)
        guard let veteran = try await Veteran.find(form.veteranID, within: scope, path: \.$path, on: req.db) else { throw AppError.forbidden }
        let id = try veteran.requireID()
        let medal = form.medal.trimmedSpaces, date = form.issuedOn.trimmedSpaces, signer = form.receiptSignedBy.trimmedSpaces
        var problems: [FieldProblem] = []
        _ = TextRule.title("纪念章名称").check(medal, field: "medal", into: &problems)
        let day = CivilDate(typed: date)
        if day == nil { problems.append(FieldProblem("issuedOn", "发放日期格式应为YYYY-MM-DD")) }
        else if let day, day > BeijingTime.day(of: req.gongzhi.now()) { problems.append(FieldProblem("issuedOn", "发放日期不能晚于今天")) }
        _ = TextRule.personName("签收人").check(signer, field: "receiptSignedBy", into: &problems)
        if problems.isEmpty, try await MedalIssue.query(on: req.db).filter(\.$veteranID == id).filter(\.$medal == medal).count() > 0 {
            problems.append(FieldProblem("medal", "该老兵已领取过“\(medal)”"))
        }
        guard problems.isEmpty, let day else {
            return try await render(req, form: ["veteranID": String(id), "medal": medal, "issuedOn": date, "receiptSignedBy": signer],
                                    errors: problems, status: .unprocessableEntity)
        }
        let issue = MedalIssue()
        issue.veteranID = id; issue.path = veteran.path; issue.medal = medal; issue.issuedOn = day.description
        issue.issuedBy = try req.currentUser.displayName; issue.receiptSignedBy = signer
        try await issue.create(on: req.db, movingRevision: VeteransModule.name)
        return req.redirect(to: VeteranPaths.veterans.description, notice: "已记录纪念章“\(medal)”的发放。")
    }
}
