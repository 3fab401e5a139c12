import Crypto
import Foundation
import Vapor

/// Refuses every state-changing request that does not carry this browser's CSRF token, in the form field `_csrf`
/// or the `X-CSRF-Token` header. A signed-in browser's token belongs to its session; before sign-in (the sign-in
/// and setup forms) it is a random value in a `SameSite=Strict` cookie that the form repeats.
public struct CSRFProtection: AsyncMiddleware {
    public static let field = "_csrf"
    public static let header = "X-CSRF-Token"
    static let cookieName = "gongzhi_csrf"
    /// The largest body a form may send, an .xlsx upload included (100,000 residents are about 6 MB).
    public static let maxBody = 32 * 1024 * 1024

    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method), !request.isTokenAuthenticated else { return try await next.respond(to: request) }
        let expected = request.csrfToken ?? request.cookies[Self.cookieName]?.string
        var provided = request.headers.first(name: Self.header)
        if provided == nil, let type = request.headers.contentType, type == .urlEncodedForm || type.type == "multipart" {
            if request.body.data == nil {
                do { _ = try await request.body.collect(max: Self.maxBody).get() }
                catch { throw AppError.uploadTooLarge }
            }
            provided = try? request.content.get(String.self, at: Self.field)
        }
        guard let expected, !expected.isEmpty, let provided, provided.constantTimeEquals(expected) else { throw AppError.forgedRequest }
        return try await next.respond(to: request)
    }
}

private struct AnonymousTokenKey: StorageKey { typealias Value = String }

extension Request {
    /// The token this page's forms must carry: the session's when signed in, otherwise the browser's pre-sign-in
    /// token (made here when the browser has none; `req.page` then sets its cookie).
    public var formToken: String {
        if let token = csrfToken { return token }
        if let token = storage[AnonymousTokenKey.self] ?? cookies[CSRFProtection.cookieName]?.string, !token.isEmpty { return token }
        let token = SignInSessions.randomToken()
        storage[AnonymousTokenKey.self] = token
        return token
    }

    /// Sets the pre-sign-in token's cookie on `response` if this request made one.
    func attachAnonymousToken(to response: Response) {
        guard let token = storage[AnonymousTokenKey.self] else { return }
        response.cookies[CSRFProtection.cookieName] = HTTPCookies.Value(string: token, path: "/", isSecure: isSecure, isHTTPOnly: true, sameSite: .strict)
    }

    /// Whether the browser reached us over TLS, directly or through the proxy in front.
    public var isSecure: Bool { url.scheme == "https" || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https" }

    /// The client's address for the audit log and sign-in limits: the peer, or, when the peer is a trusted proxy,
    /// the address that proxy appended to `X-Forwarded-For` (earlier entries can be forged by the client).
    public var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard gongzhi.config.trustedProxies.contains(peer),
              let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !forwarded.isEmpty else { return peer }
        return forwarded
    }
}
