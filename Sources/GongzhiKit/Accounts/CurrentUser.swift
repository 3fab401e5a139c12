import Fluent
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
    /// The password is expired or was set by someone else: every page but the password form is closed until it changes.
    public let mustChangePassword: Bool
    /// Whether an authenticator is set up (required for administrators before anything else opens).
    public let hasSecondFactor: Bool
    /// The person of the registry the account belongs to: pages say "mine" from it.
    public var person: Person? = nil

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

struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

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
