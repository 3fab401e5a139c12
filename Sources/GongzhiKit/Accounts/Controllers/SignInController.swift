import Fluent
import SQLKit
import Vapor

/// Signing in and out with a password; the session lives in the database so any app server can answer.
public struct SignInController: RouteCollection, Sendable {
    public init() {}

    /// Failed sign-ins from one address within `window` seconds before it is refused outright.
    static let addressLimit = 20, window = 600

    struct Form: Content { var username: String; var password: String; var next: String? }
    struct Model: Encodable, Sendable { var username = ""; var next = "/"; var error: String? }

    public func boot(routes: any RoutesBuilder) throws {
        let open = routes.allow(.anyone)
        open.get(AccountPaths.login, use: show)
        open.post(AccountPaths.login, use: signIn)
        open.post(AccountPaths.logout, use: signOut)
    }

    @Sendable func show(req: Request) async throws -> Response {
        if try await User.query(on: req.db).count() == 0 { return req.redirect(to: AccountPaths.setup.description) }
        return try await req.page("accounts/login", title: "登录", Model(next: Self.safeNext(req.query[String.self, at: "next"])))
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        func refuse(_ message: String, status: HTTPResponseStatus = .unauthorized, detail: String? = nil) async throws -> Response {
            try await req.audit(action: "sign-in", result: .refused, username: form.username, detail: detail ?? message)
            return try await req.page("accounts/login", title: "登录", Model(username: form.username, next: Self.safeNext(form.next), error: message),
                                      status: status)
        }
        if try await Self.recentFailures(from: req) >= Self.addressLimit {
            return try await refuse("该地址登录失败次数过多，请\(Self.window / 60)分钟后再试", status: .tooManyRequests)
        }
        switch try await Accounts.verify(username: form.username, password: form.password, now: req.gongzhi.now(), on: req.db) {
        // One answer for both: a different one for a locked account would tell that the username exists.
        case .wrong:
            return try await refuse(Self.refusal, detail: "用户名或密码错误")
        case .locked(let until):
            return try await refuse(Self.refusal, detail: "账号已锁定至\(BeijingTime.format(until))")
        case .success(let user) where user.totpSecret != nil:
            // The password is right; the session opens once the authenticator's code is given too.
            let next = Self.safeNext(form.next).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            let response = try await req.signIn(userID: try user.requireID(), pending: true, redirectTo: "\(AccountPaths.loginCode)?next=\(next)")
            try await req.audit(action: "sign-in", username: user.username, detail: "密码正确，待输入动态口令")
            return response
        case .success(let user):
            let response = try await req.signIn(userID: try user.requireID(), redirectTo: Self.safeNext(form.next))
            try await req.audit(action: "sign-in")
            return response
        }
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        try await req.audit(action: "sign-out")
        return try await req.signOut(redirectTo: AccountPaths.login.description)
    }

    public static let refusal = "用户名或密码错误。连续输错\(Accounts.lockout.maxFailures)次的账号将暂时锁定，请稍后再试；忘记密码请联系系统管理员"

    /// Refused sign-ins from this request's address in the last `window` seconds, counted in the audit log.
    static func recentFailures(from req: Request, action: String = "sign-in") async throws -> Int {
        let address = req.clientAddress
        struct Row: Decodable { let n: Int }
        let since = Int((req.gongzhi.now().timeIntervalSince1970 - Double(window)) * 1000)
        return try await req.db.sql.raw("""
            SELECT COUNT(*) AS n FROM audit_entries
            WHERE action = \(bind: action) AND result = 'refused' AND address = \(bind: address) AND at >= \(bind: since)
            """).first(decoding: Row.self)?.n ?? 0
    }

    /// Only a path on this site, so a link cannot send a user elsewhere after signing in: printable ASCII starting
    /// with one `/`, with no backslash, no encoded slash, backslash or control character, and the same once decoded
    /// (browsers drop tabs and read `\\` as `/`, so `/%09/host` and `/\\host` lead to another site). Anything else goes to `/`.
    public static func safeNext(_ next: String?) -> String {
        /// Decoded, a path may hold the UTF-8 of Chinese names too.
        func isLocalPath(_ text: String, decoded: Bool) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.count <= 1024 && bytes.first == UInt8(ascii: "/") && bytes.dropFirst().first != UInt8(ascii: "/")
                && bytes.allSatisfy { ($0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\")) || (decoded && $0 >= 0x80) }
        }
        guard let next, isLocalPath(next, decoded: false) else { return "/" }
        let lower = next.lowercased()
        for encoded in ["%2f", "%5c", "%0", "%1", "%7f", "%20"] where lower.contains(encoded) { return "/" }
        guard let decoded = next.removingPercentEncoding, isLocalPath(decoded, decoded: true) else { return "/" }
        return next
    }
}
