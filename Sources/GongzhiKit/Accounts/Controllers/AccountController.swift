import Fluent
import SQLKit
import Vapor

/// A user's own account: change the password (required when expired or set by someone else), see where they are
/// signed in, and sign out everywhere.
public struct AccountController: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let account = routes.allow(.signedIn)
        account.get(AccountPaths.account, use: show)
        account.post(AccountPaths.password, use: changePassword)
        account.post(AccountPaths.endSessions, use: endSessions)
    }

    struct Model: Encodable, Sendable {
        let username: String; let displayName: String; let roles: String; let mustChange: Bool; let hasSecondFactor: Bool
        let errors: [String: String]; let sessions: Table
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req, errors: [:]) }

    func render(_ req: Request, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        struct Row: Decodable { let id: Int; let created_at: Int; let seen_at: Int; let address: String? }
        let sessions = try await req.db.sql.select().columns("id", "created_at", "seen_at", "address").from(SignInSessions.table)
            .where("user_id", .equal, SQLBind(user.id)).orderBy("seen_at", .descending).all(decoding: Row.self)
        let rows = sessions.map { s in
            Table.Row([.init(BeijingTime.format(Date(timeIntervalSince1970: Double(s.created_at)))),
                       .init(BeijingTime.format(Date(timeIntervalSince1970: Double(s.seen_at)))), .init(s.address ?? ""),
                       .init(s.id == req.sessionID ? "当前浏览器" : "")])
        }
        let model = Model(username: user.username, displayName: user.displayName, roles: user.roleLabels, mustChange: user.mustChangePassword,
                          hasSecondFactor: user.hasSecondFactor,
                          errors: errors,
                          sessions: Table(columns: ["登录时间", "最近活动", "来源地址", ""].map { Table.Column.plain($0) }, rows: rows))
        return try await req.page("accounts/account", title: "我的账号", breadcrumbs: [.init("我的账号")], model, status: status)
    }

    struct PasswordForm: Content { var current: String; var password: String; var confirm: String }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let current = try req.currentUser
        let form = try req.content.decode(PasswordForm.self)
        guard let user = try await User.find(current.id, on: req.db) else { throw AppError.unauthenticated }
        var errors: [String: String] = [:]
        if !(try Bcrypt.verify(form.current, created: user.passwordHash)) { errors["current"] = "当前密码不正确" }
        if form.password != form.confirm { errors["confirm"] = "两次输入的新密码不一致" }
        if errors.isEmpty {
            do {
                try await Accounts.changePassword(user, to: form.password, cost: req.gongzhi.config.bcryptCost, now: req.gongzhi.now(),
                                                  keeping: req.sessionID, on: req.db)
                return req.redirect(to: AccountPaths.account.description, notice: "密码已修改，其他浏览器上的登录已全部退出。")
            } catch AppError.invalid(let problems) {
                errors.add(problems)
            }
        }
        return try await render(req, errors: errors, status: .unprocessableEntity)
    }

    /// Ends every session of this user, this browser's included.
    @Sendable func endSessions(req: Request) async throws -> Response {
        try await SignInSessions.endAll(userID: try req.currentUser.id, on: req.db)
        return try await req.signOut(redirectTo: AccountPaths.login.description)
    }
}

/// Closes every page but the account pages until a user's account is in order: a password that must change
/// (expired, or set by an administrator), or an administrator without an authenticator.
public struct AccountGate: AsyncMiddleware {
    public init() {}
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.currentUserIfAny else { return try await next.respond(to: request) }
        let missingFactor = !user.hasSecondFactor && user.hasAny(Role.administrators)
        guard user.mustChangePassword || missingFactor else { return try await next.respond(to: request) }
        let path = request.url.path
        if path == AccountPaths.account.description || path.hasPrefix("\(AccountPaths.account)/") || path == AccountPaths.logout.description { return try await next.respond(to: request) }
        if GongzhiErrorMiddleware.wantsJSON(request) { throw user.mustChangePassword ? AppError.passwordExpired : AppError.secondFactorRequired }
        return request.redirect(to: (user.mustChangePassword ? AccountPaths.account : AccountPaths.totp).description)
    }
}
