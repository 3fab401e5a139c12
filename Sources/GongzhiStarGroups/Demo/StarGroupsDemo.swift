import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's inspections: every building group inspected in autumn 2020, 279 of 423 at the pass level (达标率66%).
enum StarGroupsDemo {
    static let passing = 279, groupsInArticle = 423

    static func load(on db: any Database) async throws {
        let groups = try await RegistryDirectory.buildingGroups(within: PlaceScope(paths: ["/"]), on: db).sorted { $0.id < $1.id }
        // Passing groups spread evenly over the list, so every community has its share.
        let passCount = groups.count * passing / groupsInArticle
        var insert = BulkInsert(StarInspection.schema, columns: ["building_group_id", "path", "inspected_on", "inspector", "ground_clean", "walls_clean",
                                                                 "doors_windows_clean", "has_culture", "has_activities", "has_services", "stars"])
        for (i, group) in groups.enumerated() {
            let passes = (i + 1) * passCount / max(1, groups.count) > i * passCount / max(1, groups.count)
            let has = i % 4 == 0 ? 3 : i % 4 == 1 ? 2 : i % 4 == 2 ? 1 : 0
            let clean = passes ? 3 : i % 3
            let checklist = StarChecklist(groundClean: clean > 0, wallsClean: clean > 1, doorsWindowsClean: clean > 2,
                                          hasCulture: has > 0, hasActivities: has > 1, hasServices: has > 2)
            insert.append([group.id, group.path, CivilDate(year: 2020, month: 9 + i % 3, day: 10 + i % 18)!.description, "街道星级楼组评定小组（演示）",
                           checklist.groundClean, checklist.wallsClean, checklist.doorsWindowsClean,
                           checklist.hasCulture, checklist.hasActivities, checklist.hasServices, StarRule.standard.stars(checklist)])
        }
        try await insert.run(on: db)
        try await DataRevision.bump(StarGroupsModule.name, on: db)
    }
}
