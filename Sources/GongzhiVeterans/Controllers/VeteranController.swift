import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 退役军人服务: the veterans in the user's places and the medals given to them, with signed receipts.
struct VeteranController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("veterans", use: index)
        routes.allow(Role.placeEditors).post("veterans", "medals", use: issueMedal)
    }

    struct Model: Encodable, Sendable {
        let figures: [Highlight.Figure]
        let sentence: String
        let veterans: Table
        let canIssue: Bool
        let choices: [Choice]
        let form: [String: String]
        let errors: [String: String]
        struct Choice: Encodable, Sendable { let value: Int; let label: String; let selected: Bool }
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, form: [:], errors: []) }

    func render(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let roll = try await VeteranRoll.load(user.scope(), on: req.db)
        let residents = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.residents(ids: roll.veterans.map(\.residentID), on: req.db).map { ($0.id, $0) })
        let addresses = try await RegistryDirectory.addresses(of: Set(roll.veterans.map(\.path)), on: req.db)
        let rows = roll.veterans.map { v in
            let r = residents[v.residentID]
            return Table.Row([.init(r?.name ?? "—", link: "/residents/\(v.residentID)"), .init(r?.birthDate ?? ""), .init(addresses[v.path] ?? ""),
                              .init(v.war.label), .init(v.service), .init(v.honours.isEmpty ? "—" : v.honours),
                              .init(roll.medals.filter { $0.veteranID == v.id }.map { "\($0.medal)（\($0.issuedOn)，\($0.receiptSignedBy)签收）" }.joined(separator: "；"))])
        }
        let model = Model(
            figures: roll.figures, sentence: roll.sentence,
            veterans: Table(columns: ["姓名", "出生日期", "住址", "参战", "服役部队", "荣誉", "纪念章"].map { .plain($0) }, rows: rows, emptyText: "尚无退役军人记录"),
            canIssue: user.hasAny(Role.placeEditors),
            choices: roll.veterans.map { v in .init(value: v.id!, label: residents[v.residentID]?.name ?? "#\(v.id!)", selected: form["veteranID"] == String(v.id!)) },
            // A fresh form continues the latest distribution: its medal, today.
            form: form.isEmpty ? ["medal": roll.medals.last?.medal ?? "", "issuedOn": BeijingTime.day(of: req.gongzhi.now()).description] : form,
            errors: errors.byField)
        return try await req.page("veterans/index", title: "退役军人服务", breadcrumbs: [.init("退役军人服务")], model, status: status)
    }

    struct MedalForm: Content { var veteranID: String; var medal: String; var issuedOn: String; var receiptSignedBy: String }

    /// Records a medal given, with who signed the receipt; a veteran receives each medal once.
    @Sendable func issueMedal(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let form = try req.content.decode(MedalForm.self)
        guard let id = Int(form.veteranID), let veteran = try await Veteran.find(id, on: req.db), scope.contains(veteran.path) else { throw AppError.forbidden }
        let medal = form.medal.trimmedSpaces, date = form.issuedOn.trimmedSpaces, signer = form.receiptSignedBy.trimmedSpaces
        var problems: [FieldProblem] = []
        if medal.isEmpty || medal.count > 60 { problems.append(FieldProblem("medal", medal.isEmpty ? "请填写纪念章名称" : "纪念章名称最多60字")) }
        let day = CivilDate(yyyymmdd: date)
        if day == nil { problems.append(FieldProblem("issuedOn", "发放日期格式应为YYYY-MM-DD")) }
        else if let day, day > BeijingTime.day(of: req.gongzhi.now()) { problems.append(FieldProblem("issuedOn", "发放日期不能晚于今天")) }
        if signer.isEmpty || signer.count > 40 { problems.append(FieldProblem("receiptSignedBy", signer.isEmpty ? "请填写签收人" : "签收人最多40字")) }
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
        try await req.db.transaction { db in
            try await issue.create(on: db)
            try await DataRevision.bump(VeteransModule.revision, on: db)
        }
        return req.redirect(to: "/veterans")
    }
}
