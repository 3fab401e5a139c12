import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// Every building group in a scope with its latest inspection: the figures of 星级楼组 (达标 count and rate).
struct StarStanding: Sendable {
    struct Group: Sendable {
        let entry: RegistryDirectory.BuildingGroupEntry
        let latest: Inspection?
    }
    struct Inspection: Sendable { let id: Int; let inspectedOn: String; let stars: Int }

    let groups: [Group]
    let rule: StarRule

    var inspected: Int { groups.filter { $0.latest != nil }.count }
    var passed: Int { groups.filter { passes($0) }.count }
    var rate: String { ChineseNumber.percent(passed, of: groups.count) }
    func passes(_ group: Group) -> Bool { group.latest.map { rule.passes($0.stars) } ?? false }

    /// The groups under `path`.
    func within(_ path: String) -> StarStanding { StarStanding(groups: groups.filter { $0.entry.path.hasPrefix(path) }, rule: rule) }

    static func load(_ scope: PlaceScope, on db: any Database) async throws -> StarStanding {
        let groups = try await RegistryDirectory.buildingGroups(within: scope, on: db)
        var latest: [Int: Inspection] = [:]
        // Newest first, so the first seen of each group is its standing.
        // Only what counts: the community's inspections and the self-checks it confirmed.
        for i in try await StarInspection.query(on: db).within(scope, \.$path).filter(\.$status == .confirmed)
            .sort(\.$inspectedOn, .descending).sort(\.$id, .descending).all() where latest[i.buildingGroupID] == nil {
            latest[i.buildingGroupID] = Inspection(id: try i.requireID(), inspectedOn: i.inspectedOn, stars: i.stars)
        }
        return StarStanding(groups: groups.map { Group(entry: $0, latest: latest[$0.id]) }, rule: try await StarRules.current(on: db))
    }
}

/// The star rule in force: the pass level is a setting an administrator may change (default 3 stars).
enum StarRules {
    static let passLevelKey = "starGroups.passLevel"
    static func current(on db: any Database) async throws -> StarRule {
        StarRule(passLevel: try await Setting.get(passLevelKey, on: db).flatMap(Int.init) ?? StarRule.standard.passLevel)
    }
}
