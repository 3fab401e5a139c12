import Fluent
import Vapor

/// Signing in and out with a password; the session lives in the database so any app server can answer.
public struct SignInController: RouteCollection, Sendable {
    public init() {}

    struct Form: Content { var username: String; var password: String; var next: String? }
    struct Model: Encodable, Sendable { var username = ""; var next = "/"; var error: String? }

    public func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: show)
        routes.post("login", use: signIn)
        routes.post("logout", use: signOut)
    }

    @Sendable func show(req: Request) async throws -> Response {
        if try await User.query(on: req.db).count() == 0 { return req.redirect(to: "/setup") }
        return try await req.page("login", title: "登录", Model(next: Self.safeNext(req.query[String.self, at: "next"])))
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        guard let user = try await Accounts.verify(username: form.username, password: form.password, on: req.db) else {
            try await req.audit(action: "sign-in", result: .refused, username: form.username, detail: "用户名或密码错误")
            return try await req.page("login", title: "登录", Model(username: form.username, next: Self.safeNext(form.next),
                                                                 error: "用户名或密码错误"), status: .unauthorized)
        }
        let response = try await req.signIn(userID: user.id!, redirectTo: Self.safeNext(form.next))
        try await req.audit(action: "sign-in")
        return response
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        try await req.audit(action: "sign-out")
        return try await req.signOut(redirectTo: "/login")
    }

    /// Only a path on this site, so a link cannot send a user elsewhere after signing in.
    static func safeNext(_ next: String?) -> String {
        guard let next, let decoded = next.removingPercentEncoding, decoded.hasPrefix("/"), !decoded.hasPrefix("//"), !decoded.contains("\\") else { return "/" }
        return decoded
    }
}
