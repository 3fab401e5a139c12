import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// First run of an empty instance: the subdistrict, and its three administrators (三员分立: system, security and
/// audit administrators are different people). Business users are then made by the system administrator and given
/// roles by the security administrator.
struct SetupController: RouteCollection {
    struct Form: Content {
        var subdistrictName = ""; var subdistrictCode = ""; var areaKm2 = ""
        var systemUsername = ""; var systemName = ""; var systemPassword = ""
        var securityUsername = ""; var securityName = ""; var securityPassword = ""
        var auditUsername = ""; var auditName = ""; var auditPassword = ""
    }
    struct Section: Encodable, Sendable {
        let prefix: String; let title: String; let duty: String; let username: String; let name: String
        let usernameError: String?; let nameError: String?; let passwordError: String?
    }
    struct Model: Encodable, Sendable { var form: Form; var sections: [Section]; var errors: [String: String] = [:] }

    static let administrators: [(prefix: String, role: Role, duty: String)] = [
        ("system", .administrator, "管理账号与系统配置"), ("security", .securityAdministrator, "授予角色与管辖地点"),
        ("audit", .auditAdministrator, "查阅、导出、校验审计日志"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        let open = routes.allow(.anyone)
        open.get(AccountPaths.setup, use: show)
        open.post(AccountPaths.setup, use: create)
    }

    func model(_ form: Form, errors: [String: String] = [:]) -> Model {
        let values = ["system": (form.systemUsername, form.systemName), "security": (form.securityUsername, form.securityName),
                      "audit": (form.auditUsername, form.auditName)]
        return Model(form: form, sections: Self.administrators.map {
            Section(prefix: $0.prefix, title: $0.role.label, duty: $0.duty, username: values[$0.prefix]!.0, name: values[$0.prefix]!.1,
                    usernameError: errors[$0.prefix + "Username"], nameError: errors[$0.prefix + "Name"], passwordError: errors[$0.prefix + "Password"])
        }, errors: errors)
    }

    @Sendable func show(req: Request) async throws -> Response {
        guard try await User.query(on: req.db).count() == 0 else { return req.redirect(to: AccountPaths.login.description) }
        return try await req.page("registry/setup", title: "初始设置", model(Form()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        guard try await User.query(on: req.db).count() == 0 else { throw AppError.badRequest("本实例已完成初始设置") }
        let form = try req.content.decode(Form.self)
        var shown = form
        shown.systemPassword = ""; shown.securityPassword = ""; shown.auditPassword = ""
        var errors: [String: String] = [:]
        var problems: [FieldProblem] = []
        let name = TextRule.title("街道名称").check(form.subdistrictName, field: "subdistrictName", into: &problems) ?? ""
        var code: DivisionCode?
        do { code = try DivisionCode(form.subdistrictCode, level: .subdistrict) } catch { errors["subdistrictCode"] = error.description }
        var area: Double?
        do { area = try Bounded.decimal(form.areaKm2, in: 0.01...10_000, label: "辖区面积（平方公里）") } catch { problems.append(error.field("areaKm2")) }
        errors.add(problems)
        let accounts = [("system", form.systemUsername, form.systemName, form.systemPassword),
                        ("security", form.securityUsername, form.securityName, form.securityPassword),
                        ("audit", form.auditUsername, form.auditName, form.auditPassword)]
        if Set(accounts.map { $0.1.lowercased() }).count < 3 { errors["auditUsername"] = "三位管理员须使用不同的用户名（三员分立）" }
        for (prefix, username, _, password) in accounts {
            errors.add(Accounts.problems(password: password, username: username).map { FieldProblem("\(prefix)Password", $0.message) })
        }
        guard errors.isEmpty, let code, let area else {
            return try await req.page("registry/setup", title: "初始设置", model(shown, errors: errors), status: .unprocessableEntity)
        }
        do {
            let cost = req.gongzhi.config.bcryptCost
            let system = try await req.db.transaction { db in
                let place = try await PlaceWriter.createRoot(name: name, code: code.value, areaKm2: area, on: db)
                // The subdistrict's working committee heads the party tree, so the first branches and members have a parent.
                let committee = PartyOrganization()
                committee.kind = .subdistrictWorkingCommittee; committee.name = name + "党工委"
                committee.placeID = try place.requireID(); committee.path = place.path
                try await committee.create(on: db)
                var first: User?
                for ((prefix, username, displayName, password), admin) in zip(accounts, Self.administrators) {
                    do {
                        let user = try await Accounts.create(username: username, displayName: displayName, password: password,
                                                             grants: [(admin.role, try place.requireID(), place.path)], cost: cost, on: db)
                        first = first ?? user
                    } catch AppError.invalid(let problems) {
                        throw AppError.invalid(problems.map { FieldProblem(prefix + $0.field.prefix(1).uppercased() + $0.field.dropFirst(), $0.message) })
                    }
                }
                return first!
            }
            // The system administrator goes on to set up their authenticator, then creates the first workers' accounts.
            return try await req.signIn(userID: try system.requireID(), redirectTo: AccountPaths.totp.description)
        } catch AppError.invalid(let problems) {
            errors.add(problems.map { FieldProblem($0.field.replacingOccurrences(of: "DisplayName", with: "Name"), $0.message) })
            return try await req.page("registry/setup", title: "初始设置", model(shown, errors: errors), status: .unprocessableEntity)
        }
    }
}
