import Fluent
import GongzhiCore
import GongzhiKit

/// What other modules may read of the star groups: plain counts, never its tables (the campaign wall's ranking and
/// weekly reports read them here).
public enum StarGroupDirectory {
    public struct Rate: Sendable { public let passed: Int, groups: Int
        public var share: Double? { groups > 0 ? Double(passed) / Double(groups) : nil } }

    /// The pass rate of the groups under each path, as the confirmed inspections stand.
    public static func rates(under paths: [String], on db: any Database) async throws -> [String: Rate] {
        let standing = try await StarStanding.load(PlaceScope(paths: paths), on: db)
        return Dictionary(uniqueKeysWithValues: paths.map { path in
            let s = standing.within(path)
            return (path, Rate(passed: s.passed, groups: s.groups.count))
        })
    }

    /// Self-checks confirmed and activities recorded under `path` between two days (inclusive).
    public static func week(under path: String, from first: CivilDate, to last: CivilDate, on db: any Database) async throws -> (confirmed: Int, activities: Int) {
        let scope = PlaceScope(paths: [path])
        let lo = BeijingTime.midnight(first), hi = BeijingTime.midnight(last.adding(days: 1))
        let confirmed = try await StarInspection.query(on: db).within(scope, \.$path).filter(\.$status == .confirmed).filter(\.$submittedByID != nil)
            .filter(\.$decidedAt >= lo).filter(\.$decidedAt < hi).count()
        let activities = try await GroupActivity.query(on: db).within(scope, \.$path)
            .filter(\.$heldOn >= first.description).filter(\.$heldOn <= last.description).count()
        return (confirmed, activities)
    }
}

extension StarGroupDirectory {
    /// A holder of a building group's 1+3+N role: who a census enumerator can take to the door.
    public struct RoleHolder: Sendable { public let residentID: Int, name: String, role: String, path: String }

    /// The holders of building-group roles under `scope`, by place.
    public static func roleHolders(within scope: PlaceScope, on db: any Database) async throws -> [RoleHolder] {
        try await GroupRole.query(on: db).within(scope, \.$path).filter(\.$kind != .volunteerTeam).sort(\.$path).sort(\.$id).all()
            .map { RoleHolder(residentID: $0.residentID, name: $0.name, role: $0.kind.label, path: $0.path) }
    }
}
