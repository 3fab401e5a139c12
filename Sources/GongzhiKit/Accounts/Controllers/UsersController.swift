import Fluent
import Vapor

/// The system administrator's accounts page: who may sign in. Accounts are made without roles (the security
/// administrator grants those, `RolesController`); an initial or reset password must be changed at first sign-in.
public struct UsersController: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let users = routes.allow([.administrator])
        users.get(AccountPaths.users, use: list)
        users.post(AccountPaths.users, use: create)
        users.post(AccountPaths.userActive, use: toggleActive)
        users.post(AccountPaths.userPassword, use: resetPassword)
    }

    struct Form: Content { var username: String?; var displayName: String?; var password: String? }
    struct Model: Encodable, Sendable {
        struct Account: Encodable, Sendable { let id: Int; let username: String; let displayName: String; let roles: String; let active: Bool; let isSelf: Bool }
        let accounts: [Account]; let form: [String: String]; let errors: [String: String]
    }

    @Sendable func list(req: Request) async throws -> Response { try await render(req, form: [:], errors: [:]) }

    func render(_ req: Request, form: [String: String], errors: [String: String],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try req.currentUser
        let users = try await User.query(on: req.db).with(\.$roles).sort(\.$username).all()
        let names = try await RolesController.placeNames(users.flatMap { $0.roles.map(\.placeID) }, req: req)
        let accounts = try users.map { u in
            Model.Account(id: try u.requireID(), username: u.username, displayName: u.displayName,
                          roles: u.roles.map { "\($0.role.label)（\(names[$0.placeID] ?? "地点\($0.placeID)")）" }.joined(separator: "、"),
                          active: u.active, isSelf: u.id == me.id)
        }
        return try await req.page("accounts/users", title: "用户管理", breadcrumbs: [.init("用户管理")],
                                  Model(accounts: accounts, form: form, errors: errors), status: status)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let values = ["username": form.username ?? "", "displayName": form.displayName ?? ""]
        do {
            let user = try await Accounts.create(username: form.username ?? "", displayName: form.displayName ?? "", password: form.password ?? "",
                                                 grants: [], cost: req.gongzhi.config.bcryptCost, mustChangePassword: true, on: req.db)
            try await req.audit(action: "POST /users", target: AccountPaths.user(try user.requireID()), detail: "创建账号\(user.username)")
            return req.redirect(to: AccountPaths.users.description, notice: "已创建账号\(user.username)，请由安全管理员授予角色")
        } catch AppError.invalid(let problems) {
            return try await render(req, form: values, errors: problems.byField, status: .unprocessableEntity)
        }
    }

    /// Stops or allows an account's sign-in; stopping ends its sessions at once.
    @Sendable func toggleActive(req: Request) async throws -> Response {
        let user = try await Self.target(req)
        user.active.toggle()
        try await user.update(on: req.db)
        if !user.active { try await SignInSessions.endAll(userID: try user.requireID(), on: req.db) }
        try await req.audit(action: "POST /users/:id/active", target: AccountPaths.user(try user.requireID()), detail: "\(user.active ? "启用" : "停用")账号\(user.username)")
        return req.redirect(to: AccountPaths.users.description, notice: "账号\(user.username)已\(user.active ? "启用" : "停用")")
    }

    struct PasswordForm: Content { var password: String }

    /// Sets a new initial password (the user must change it at next sign-in), clears a lock, ends their sessions.
    @Sendable func resetPassword(req: Request) async throws -> Response {
        let user = try await Self.target(req)
        let form = try req.content.decode(PasswordForm.self)
        let problems = Accounts.problems(password: form.password, username: user.username)
        guard problems.isEmpty else {
            return try await render(req, form: [:], errors: ["reset\(try user.requireID())": problems.map(\.message).joined(separator: "；")], status: .unprocessableEntity)
        }
        user.passwordHash = try Bcrypt.hash(form.password, cost: req.gongzhi.config.bcryptCost)
        user.mustChangePassword = true; user.failedAttempts = 0; user.lockedUntil = nil
        try await user.update(on: req.db)
        try await SignInSessions.endAll(userID: try user.requireID(), on: req.db)
        try await req.audit(action: "POST /users/:id/password", target: AccountPaths.user(try user.requireID()), detail: "重置\(user.username)的密码")
        return req.redirect(to: AccountPaths.users.description, notice: "已重置\(user.username)的密码，其首次登录须修改")
    }

    /// The account named by `:id`, never the administrator's own (their own account is on the account page).
    static func target(_ req: Request) async throws -> User {
        let id = try req.routeID()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound("没有该账号") }
        guard id != (try req.currentUser.id) else { throw AppError.badRequest("不能在此停用或重置自己的账号；请在“我的账号”中修改密码") }
        return user
    }
}

extension String {
    var percentEncoded: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self }
}

extension Optional where Wrapped: Sendable {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
