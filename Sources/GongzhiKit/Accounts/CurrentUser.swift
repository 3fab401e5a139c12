import Fluent
import SQLKit
import Vapor

/// The signed-in user with their roles and the places they may see, loaded once per request.
public struct CurrentUser: Sendable {
    public struct Grant: Sendable, Encodable {
        public let role: Role
        public let placeID: Int
        public let placePath: String
    }
    public let id: Int
    public let username: String
    public let displayName: String
    public let grants: [Grant]

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }
    public func hasAny(_ roles: Set<Role>) -> Bool { grants.contains { roles.contains($0.role) } }

    /// Where this user may see records of roles in `roles` (by default the business roles).
    public func scope(for roles: Set<Role> = Role.business) -> PlaceScope {
        PlaceScope(paths: grants.filter { roles.contains($0.role) }.map(\.placePath))
    }

    /// Refuses with the same answer for "missing" and "outside your places".
    public func require(_ path: String?, roles: Set<Role> = Role.business) throws {
        guard let path, scope(for: roles).contains(path) else { throw AppError.forbidden }
    }

    public var roleLabels: String { Array(Set(grants.map(\.role.label))).sorted().joined(separator: "、") }
}

extension CurrentUser {
    /// The user and their roles in one query: this runs on every signed-in request.
    static func load(userID: Int, on db: any Database) async throws -> CurrentUser? {
        struct Row: Decodable { let username: String; let display_name: String; let role: String?; let place_id: Int?; let place_path: String? }
        let rows = try await db.sql.select()
            .columns(SQLColumn("username", table: "u"), SQLColumn("display_name", table: "u"), SQLColumn("role", table: "r"),
                     SQLColumn("place_id", table: "r"), SQLColumn("place_path", table: "r"))
            .from(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")))
            .join(SQLAlias(SQLIdentifier(UserRole.schema), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLColumn("user_id", table: "r"), .equal, SQLColumn("id", table: "u"))
            .where(SQLColumn("id", table: "u"), .equal, SQLBind(userID))
            .where(SQLColumn("active", table: "u"), .equal, SQLLiteral.boolean(true))
            .all(decoding: Row.self)
        guard let first = rows.first else { return nil }
        let grants = rows.compactMap { r in
            r.role.flatMap(Role.init(rawValue:)).map { Grant(role: $0, placeID: r.place_id!, placePath: r.place_path!) }
        }
        return CurrentUser(id: userID, username: first.username, displayName: first.display_name, grants: grants)
    }
}

private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

extension Request {
    /// The signed-in user; throws `unauthenticated` (a redirect to sign in, or 401 under `/api`) when there is none.
    public var currentUser: CurrentUser {
        get throws {
            guard let user = storage[CurrentUserKey.self] else { throw AppError.unauthenticated }
            return user
        }
    }
    public var currentUserIfAny: CurrentUser? { storage[CurrentUserKey.self] }
}

/// Loads the session's user with roles; handlers then see `req.currentUser`.
public struct LoadCurrentUser: AsyncMiddleware {
    public init() {}
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let id = request.session.authenticated(User.self), let user = try await CurrentUser.load(userID: id, on: request.db) {
            request.storage[CurrentUserKey.self] = user
        }
        return try await next.respond(to: request)
    }
}

/// Lets through only signed-in users holding one of `roles`.
public struct RequireRoles: AsyncMiddleware {
    let roles: Set<Role>
    public init(_ roles: Set<Role>) { self.roles = roles }
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard try request.currentUser.hasAny(roles) else { throw AppError.forbidden }
        return try await next.respond(to: request)
    }
}
