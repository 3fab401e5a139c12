import Vapor

private struct SessionKey: StorageKey { typealias Value = SignInSessions.Loaded }
private struct BearerKey: StorageKey { typealias Value = Bool }

/// Finds the session named by the cookie, or under `/api/` the API token in `Authorization: Bearer`;
/// handlers then see `req.currentUser`.
public struct LoadCurrentUser: AsyncMiddleware {
    public init() {}
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.headers.first(name: .authorization) != nil && request.headers.bearerAuthorization == nil {
            // An Authorization header that is not a token is refused, never passed over for the browser's cookie.
            throw AppError.unauthenticated
        } else if let bearer = request.headers.bearerAuthorization?.token {
            guard request.url.path.hasPrefix(Address.apiPrefix),
                  let caller = try await APITokens.caller(bearer: bearer, now: request.gongzhi.now(), on: request.db) else {
                throw AppError.unauthenticated
            }
            request.storage[CurrentUserKey.self] = caller
            request.storage[BearerKey.self] = true
        } else if let token = request.cookies[SignInSessions.cookieName]?.string, !token.isEmpty {
            if let loaded = try await SignInSessions.load(token: token, config: request.gongzhi.config, now: request.gongzhi.now(), on: request.db) {
                request.adopt(loaded)
            }
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// Whether this request came with an API token rather than a browser's cookie (no CSRF token is then needed).
    public var isTokenAuthenticated: Bool { storage[BearerKey.self] == true }

    /// The id of this browser's session, when signed in.
    public var sessionID: Int? { storage[SessionKey.self]?.sessionID }

    /// The session waiting for its one-time code: who typed the right password here.
    public var pendingSession: SignInSessions.Loaded? { storage[SessionKey.self].flatMap { $0.pending ? $0 : nil } }

    /// The CSRF token of this browser's session, for forms and script requests.
    public var csrfToken: String? { storage[SessionKey.self]?.csrfToken }

    /// Starts a fresh session for `userID` (a new token, never the one the browser arrived with) and redirects.
    public func signIn(userID: Int, pending: Bool = false, redirectTo path: String) async throws -> Response {
        if let old = storage[SessionKey.self] { try await SignInSessions.end(sessionID: old.sessionID, on: db) }
        let started = try await SignInSessions.start(userID: userID, address: clientAddress, pending: pending, now: gongzhi.now(), on: db)
        // From here on this request acts as the signed-in user (so its audit entry names their roles and places).
        if let loaded = try await SignInSessions.load(token: started.token, config: gongzhi.config, now: gongzhi.now(), on: db) {
            adopt(loaded)
        }
        let response = redirect(to: path)
        response.cookies[SignInSessions.cookieName] = sessionCookie(started.token)
        return response
    }

    /// This request now belongs to `loaded`; it acts as its user once the one-time code, if due, is given.
    fileprivate func adopt(_ loaded: SignInSessions.Loaded) {
        storage[SessionKey.self] = loaded
        if !loaded.pending { storage[CurrentUserKey.self] = loaded.user }
    }

    /// Ends this browser's session and forgets its cookie.
    public func signOut(redirectTo path: String) async throws -> Response {
        if let session = storage[SessionKey.self] { try await SignInSessions.end(sessionID: session.sessionID, on: db) }
        storage[SessionKey.self] = nil
        storage[CurrentUserKey.self] = nil
        let response = redirect(to: path)
        response.cookies[SignInSessions.cookieName] = sessionCookie("", expired: true)
        return response
    }

    private func sessionCookie(_ value: String, expired: Bool = false) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: expired ? Date(timeIntervalSince1970: 0) : nil, maxAge: expired ? 0 : nil,
                          path: "/", isSecure: isSecure, isHTTPOnly: true, sameSite: .lax)
    }
}
