import Fluent
import GongzhiCore

/// The people who work in Gongzhi at places — subdistrict and community workers, building-group leaders — as other
/// modules name them: a campaign's leading group, a task's responsible cadre, a building's 包楼 cadre.
public enum Staff {
    public struct Member: Sendable, Equatable {
        public let id: Int
        public let name: String
        /// Where they work: their business roles' places.
        public let scope: PlaceScope
        public let roles: Set<Role>
        /// Whether they answer for every place in `paths` (each lies within their places).
        public func covers(_ paths: [String]) -> Bool { !paths.isEmpty && paths.allSatisfy(scope.contains) }
        /// Whether any of their places lies within or around `path` (a subdistrict cadre for a community's campaign).
        public func reaches(_ path: String) -> Bool { scope.paths.contains { $0.hasPrefix(path) || path.hasPrefix($0) } }
        public var label: String { "\(name)（\(roles.map(\.label).sorted().joined(separator: "、"))）" }
    }

    /// Active accounts holding a role of `roles` at a place within or around `path`, by name.
    public static func members(reaching path: String, roles: Set<Role> = Role.business, on db: any Database) async throws -> [Member] {
        try await all(roles: roles, on: db).filter { $0.reaches(path) }
    }

    /// The accounts with these ids (active or not), for names on records.
    public static func members(ids: [Int], roles: Set<Role> = Role.business, on db: any Database) async throws -> [Member] {
        guard !ids.isEmpty else { return [] }
        return try await load(User.query(on: db).filter(\.$id ~~ ids), roles: roles, on: db)
    }

    static func all(roles: Set<Role>, on db: any Database) async throws -> [Member] {
        try await load(User.query(on: db).filter(\.$active == true), roles: roles, on: db)
    }

    static func load(_ query: QueryBuilder<User>, roles: Set<Role>, on db: any Database) async throws -> [Member] {
        let users = try await query.all()
        let grants = try await UserRole.query(on: db).filter(\.$user.$id ~~ users.compactMap(\.id)).filter(\.$role ~~ Array(roles)).all()
        let byUser = Dictionary(grouping: grants, by: \.$user.id)
        return Collation.sorted(users.compactMap { u in
            guard let id = u.id, let own = byUser[id], !own.isEmpty else { return nil }
            return Member(id: id, name: u.displayName, scope: PlaceScope(paths: own.map(\.placePath)), roles: Set(own.map(\.role)))
        }, by: \.name)
    }
}
