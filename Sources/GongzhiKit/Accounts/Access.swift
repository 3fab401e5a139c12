import Vapor

/// Who may call a route. Every route declares it when registered (`routes.allow(...)`); `Authorize` enforces it and
/// refuses any route that has none, and a test walks every route with every role to check the answers.
/// Where a record lies (the place scope) is checked by the handler that reads it.
public enum Access: Sendable, Hashable, CustomStringConvertible {
    /// Signing in, first-run setup, the health check.
    case anyone
    /// Any signed-in user: their own account.
    case signedIn
    /// Holders of one of these roles.
    case roles(Set<Role>)

    public var description: String {
        switch self {
        case .anyone: "anyone"
        case .signedIn: "signedIn"
        case .roles(let roles): roles.map(\.rawValue).sorted().joined(separator: "|")
        }
    }
}

extension RoutesBuilder {
    /// A builder whose routes carry `access`.
    public func allow(_ access: Access) -> any RoutesBuilder { AccessRoutes(base: self, access: access) }
    public func allow(_ roles: Set<Role>) -> any RoutesBuilder { allow(.roles(roles)) }
}

struct AccessRoutes: RoutesBuilder {
    let base: any RoutesBuilder
    let access: Access
    /// The innermost declaration wins: `business.allow(placeEditors)` narrows, it is not widened back on the way out.
    func add(_ route: Route) {
        if route.userInfo["access"] == nil { route.userInfo["access"] = access }
        base.add(route)
    }
}

extension Route {
    public var access: Access? { userInfo["access"] as? Access }
}

/// Enforces each route's declared `Access`; a route without one is refused, whoever asks.
public struct Authorize: AsyncMiddleware {
    public init() {}
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch request.route?.access {
        case .anyone?: break
        case .signedIn?: _ = try request.currentUser
        case .roles(let roles)?: guard try request.currentUser.hasAny(roles) else { throw AppError.forbidden }
        case nil:
            request.logger.error("route without an access rule: \(request.method) \(request.url.path)")
            throw AppError.forbidden
        }
        return try await next.respond(to: request)
    }
}
