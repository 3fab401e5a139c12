import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's inspections: every building group inspected in autumn 2020, 279 of 423 at the pass level (达标率66%).
enum StarGroupsDemo {
    static let passing = 279, groupsInArticle = 423

    static func load(on db: any Database, demo: DemoContext) async throws {
        try await inspections(on: db)
        try await people(on: db, demo: demo)
        try await DataRevision.bump(StarGroupsModule.name, on: db)
    }

    static func inspections(on db: any Database) async throws {
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
    }

    /// The demo leader's group (纬五路13号院, the building of the `louzu` account) with its 1+3+N people, the
    /// leader's sign-in bound to their role, a self-check the community returned, appraisals and activities.
    static func people(on db: any Database, demo: DemoContext) async throws {
        guard let leaderAccount = try await User.query(on: db).filter(\.$username == "louzu").first(),
              let grant = try await UserRole.query(on: db).filter(\.$user.$id == leaderAccount.id!).first(),
              let group = try await RegistryDirectory.buildingGroups(within: PlaceScope(paths: [grant.placePath]), on: db).first,
              let worker = try await demo.account("tongxin", on: db)
        else { return }
        // The compound around the group's building.
        let compound = "/" + PlaceScope.ids(in: group.path).dropLast().map(String.init).joined(separator: "/") + "/"
        let today = demo.today
        let households = try await RegistryDirectory.households(within: PlaceScope(paths: [group.path]), adultsOn: today, on: db)
        let adults = try await RegistryDirectory.residents(inHouseholds: households.map(\.id), bornOnOrBefore: today.adding(years: -18), on: db)
        // The leader: a party member of the building, or else of the compound (living outside the building, confirmed).
        let nearby = try await RegistryDirectory.households(within: PlaceScope(paths: [compound]), adultsOn: today, on: db)
        let neighbours = try await RegistryDirectory.residents(inHouseholds: nearby.map(\.id), bornOnOrBefore: today.adding(years: -18), on: db)
        let members = Set(try await RegistryDirectory.partyMembers(residentIDs: neighbours.map(\.id), on: db).compactMap(\.residentID))
        let author = demo.author(-60, name: worker.name, userID: worker.id)
        let scope = PlaceScope(paths: [compound])
        func appoint(_ kind: GroupRoleKind, _ resident: RegistryDirectory.ResidentEntry?, team: String = "") async throws -> GroupRole? {
            guard let resident else { return nil }
            return try await GroupDesk.appoint(.init(kind: kind.rawValue, residentID: String(resident.id), team: team, confirmElsewhere: true),
                                               in: group, scope: scope, vault: demo.gongzhi.vault, author: author, on: db)
        }
        let leader = adults.first { members.contains($0.id) } ?? neighbours.first { members.contains($0.id) }
        let others = adults.filter { $0.id != leader?.id }
        if let role = try await appoint(.leader, leader) {
            leaderAccount.personKind = .groupLeader; leaderAccount.personID = try role.requireID()
            try await leaderAccount.update(on: db)
        }
        _ = try await appoint(.buildingManager, others.first)
        _ = try await appoint(.entranceManager, others.dropFirst().first)
        // The floor manager is left vacant: the page shows what is missing.
        _ = try await appoint(.volunteerTeam, others.dropFirst(2).first, team: "银发志愿服务队")

        // Last month's self-check, sent back by the community.
        let check = StarInspection()
        check.buildingGroupID = group.id; check.path = group.path; check.inspectedOn = today.adding(days: -30).description; check.inspector = leaderAccount.displayName
        check.checklist = StarChecklist(groundClean: true, wallsClean: true, doorsWindowsClean: true, hasCulture: true, hasActivities: true, hasServices: false)
        check.stars = StarRule.standard.stars(check.checklist); check.status = .returned; check.submittedByID = leaderAccount.id
        check.decidedBy = worker.name; check.decidedAt = author.seconds + 29 * 86_400; check.returnReason = "照片看不清楼道地面，请重拍后再提交"
        try await check.create(on: db)

        for (i, h) in households.prefix(6).enumerated() {
            _ = try await GroupDesk.appraise(.init(placeID: String(h.dwellingID), round: "\(today.year)年下半年", kind: i % 2 == 0 ? "balcony" : "windowsill",
                                                   noProtrusion: true, nothingHung: i != 3, noClutter: i != 5), group: group, author: author, on: db)
        }
        _ = try await GroupDesk.appraise(.init(placeID: String(group.placeID), round: "\(today.year)年下半年", kind: "courtyard", noProtrusion: true, nothingHung: true, noClutter: true),
                                         group: group, author: author, on: db)
        _ = try await GroupDesk.record(.init(heldOn: today.adding(days: -20).description, title: "楼道清洁日", participants: "12"), group: group,
                                       author: demo.author(-20, name: leaderAccount.displayName, userID: leaderAccount.id ?? 0), on: db)
        _ = try await GroupDesk.record(.init(heldOn: today.adding(days: -8).description, title: "重阳节邻里茶话会", participants: "18"), group: group,
                                       author: demo.author(-8, name: leaderAccount.displayName, userID: leaderAccount.id ?? 0), on: db)
    }
}
