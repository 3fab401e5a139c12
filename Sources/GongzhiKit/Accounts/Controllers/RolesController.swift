import Fluent
import GongzhiCore
import Vapor

/// The security administrator's page: roles and the places they are bound to. Nobody grants or revokes their own
/// roles, and the three administrator roles are held by different people without business roles (`RoleRules`).
public struct RolesController: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let roles = routes.allow([.securityAdministrator])
        roles.get(AccountPaths.roles, use: list)
        roles.post(AccountPaths.roles, use: grant)
        roles.post(AccountPaths.roleRevoke, use: revoke)
        roles.post(AccountPaths.tokens, use: createToken)
        roles.post(AccountPaths.tokenRevoke, use: revokeToken)
    }

    struct Form: Content { var userID: String?; var role: String?; var placeID: String? }
    struct Model: Encodable, Sendable {
        struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
        struct Grant: Encodable, Sendable { let id: Int; let username: String; let displayName: String; let role: String; let place: String; let isSelf: Bool }
        struct TokenRow: Encodable, Sendable { let id: Int; let name: String; let role: String; let place: String; let created: String; let lastUsed: String; let revoked: Bool }
        let grants: [Grant]; let users: [Option]; let roles: [Option]; let businessRoles: [Option]; let places: [Option]
        let form: [String: String]; let errors: [String: String]
        let tokens: [TokenRow]; let newToken: String?
    }

    @Sendable func list(req: Request) async throws -> Response { try await render(req, form: [:], errors: [:]) }

    func render(_ req: Request, form: [String: String], errors: [String: String], newToken: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try req.currentUser
        let users = try await User.query(on: req.db).with(\.$roles).sort(\.$username).all()
        let names = try await Self.placeNames(users.flatMap { $0.roles.map(\.placeID) }, req: req)
        let grants = try users.flatMap { u in
            try u.roles.map { Model.Grant(id: try $0.requireID(), username: u.username, displayName: u.displayName, role: $0.role.label,
                                      place: names[$0.placeID] ?? "地点\($0.placeID)", isSelf: u.id == me.id) }
        }
        let choices = try await req.gongzhi.places.choices(req.db)
        let tokens = try await APITokens.all(on: req.db)
        let tokenPlaces = try await Self.placeNames(tokens.map(\.place_id), req: req)
        let time = { (seconds: Int?) in seconds.map { BeijingTime.format(Date(timeIntervalSince1970: Double($0))) } ?? "—" }
        let model = Model(
            grants: grants,
            users: try users.filter { $0.id != me.id && $0.active }.map { .init(value: String(try $0.requireID()), label: "\($0.displayName)（\($0.username)）", selected: form["userID"] == String(try $0.requireID())) },
            roles: Role.allCases.filter(Role.staff.contains).map { .init(value: $0.rawValue, label: $0.label, selected: form["role"] == $0.rawValue) },
            businessRoles: Role.allCases.filter(Role.business.contains).map { .init(value: $0.rawValue, label: $0.label, selected: form["tokenRole"] == $0.rawValue) },
            places: choices.map { .init(value: String($0.id), label: $0.name, selected: form["placeID"] == String($0.id)) },
            form: form, errors: errors,
            tokens: tokens.map { .init(id: $0.id, name: $0.name, role: Role(rawValue: $0.role)?.label ?? $0.role, place: tokenPlaces[$0.place_id] ?? "",
                                       created: time($0.created_at), lastUsed: time($0.last_used_at), revoked: $0.revoked_at != nil) },
            newToken: newToken)
        return try await req.page("accounts/roles", title: "角色授权", breadcrumbs: [.init("角色授权")], model, status: status)
    }

    @Sendable func grant(req: Request) async throws -> Response {
        let me = try req.currentUser
        let form = try req.content.decode(Form.self)
        let values = ["userID": form.userID ?? "", "role": form.role ?? "", "placeID": form.placeID ?? ""]
        var errors: [String: String] = [:]
        let target = try await Bounded.id(form.userID).asyncFlatMap { try await User.query(on: req.db).filter(\.$id == $0).with(\.$roles).first() }
        if target == nil { errors["userID"] = "请选择账号" }
        // People's own roles come only with the one-time code their community issues, never from this page.
        let role = Role(rawValue: form.role ?? "").flatMap { Role.staff.contains($0) ? $0 : nil }
        if role == nil { errors["role"] = "请选择角色" }
        let place = try await Bounded.id(form.placeID).asyncFlatMap { try await req.gongzhi.places.find(req.db, $0) }
        if place == nil { errors["placeID"] = "地点编号不存在（可在地点页面地址中看到编号）" }
        if let target, let role, let problem = RoleRules.problem(granting: role, to: try target.requireID(), holding: target.roles.map(\.role), by: me.id) {
            errors["role"] = problem
        }
        if let target, let role, let place, target.roles.contains(where: { $0.role == role && $0.placeID == place.id }) {
            errors["role"] = "该账号已在\(place.name)拥有此角色"
        }
        guard errors.isEmpty, let target, let role, let place else {
            return try await render(req, form: values, errors: errors, status: .unprocessableEntity)
        }
        try await UserRole(userID: try target.requireID(), role: role, placeID: place.id, placePath: place.path).create(on: req.db)
        try await req.audit(action: "POST /roles", target: AccountPaths.user(try target.requireID()), detail: "授予\(target.username)\(role.label)（\(place.name)）")
        return req.redirect(to: AccountPaths.roles.description, notice: "已授予\(target.displayName)\(role.label)（\(place.name)）")
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let me = try req.currentUser
        let id = try req.routeID()
        guard let grant = try await UserRole.find(id, on: req.db) else { throw AppError.notFound("没有该授权") }
        if let problem = RoleRules.problem(revokingFrom: grant.$user.id, by: me.id) { throw AppError.badRequest(problem) }
        try await grant.delete(on: req.db)
        try await req.audit(action: "POST /roles/:id/revoke", target: AccountPaths.user(grant.$user.id), detail: "撤销\(grant.role.label)")
        return req.redirect(to: AccountPaths.roles.description, notice: "已撤销\(grant.role.label)")
    }

    struct TokenForm: Content { var tokenName: String?; var tokenRole: String?; var tokenPlaceID: String? }

    /// A token for an integration, holding one business role at one place; shown on this answer only.
    @Sendable func createToken(req: Request) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        let values = ["tokenName": form.tokenName ?? "", "tokenRole": form.tokenRole ?? "", "tokenPlaceID": form.tokenPlaceID ?? ""]
        var errors: [String: String] = [:]
        let name = (form.tokenName ?? "").trimmingCharacters(in: .whitespaces)
        if let problem = TextRule.personName("用途名称").check(name).failure { errors["tokenName"] = problem.description + "（如“区网格平台同步”）" }
        let role = Role(rawValue: form.tokenRole ?? "").flatMap { Role.business.contains($0) ? $0 : nil }
        if role == nil { errors["tokenRole"] = "令牌只能持有业务角色" }
        let place = try await Bounded.id(form.tokenPlaceID).asyncFlatMap { try await req.gongzhi.places.find(req.db, $0) }
        if place == nil { errors["tokenPlaceID"] = "地点编号不存在" }
        guard errors.isEmpty, let role, let place else { return try await render(req, form: values, errors: errors, status: .unprocessableEntity) }
        let token = try await APITokens.create(name: name, role: role, placeID: place.id, placePath: place.path, by: try req.currentUser.id,
                                               now: req.gongzhi.now(), on: req.db)
        try await req.audit(action: "POST /roles/tokens", target: "api:\(name)", detail: "创建API令牌：\(role.label)（\(place.name)）")
        return try await render(req, form: [:], errors: [:], newToken: token)
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        let id = try req.routeID()
        try await APITokens.revoke(id, now: req.gongzhi.now(), on: req.db)
        try await req.audit(action: "POST /roles/tokens/:id/revoke", target: AccountPaths.token(id), detail: "吊销API令牌")
        return req.redirect(to: AccountPaths.roles.description, notice: "令牌已吊销")
    }

    static func placeNames(_ ids: [Int], req: Request) async throws -> [Int: String] {
        var names: [Int: String] = [:]
        for id in Set(ids) { names[id] = try await req.gongzhi.places.find(req.db, id)?.name }
        return names
    }
}
