import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The campaign wall's figures for a scope, counted from tasks and the registry (全覆盖 is never typed in):
/// frontline projects (the tasks on ownerless compounds), the area branches built in them, the ownerless compounds
/// they reach, and how many of the scope's ownerless compounds a party organisation covers at all.
struct FrontlineCoverage: Sendable {
    let campaigns: Int
    let tasks: Int
    let done: Int
    let areaBranchesInProjects: Int
    let ownerlessInProjects: Int
    let ownerless: Int
    let ownerlessCovered: Int

    var fullCoverage: Bool { ownerless > 0 && ownerlessCovered == ownerless }

    static func load(_ scope: PlaceScope, on db: any Database) async throws -> FrontlineCoverage {
        let campaigns = try await Campaign.query(on: db).within(scope, \.$path).count()
        let areaBranches = Set(try await RegistryDirectory.partyOrganizations([.areaBranch], within: scope, on: db).map(\.id))
        let compounds = try await RegistryDirectory.places(.compound, within: scope, on: db).filter { $0.managementType == .ownerless }
        let ownerlessIDs = Set(compounds.map(\.id))
        let targets = try await TaskTarget.query(on: db).within(scope, \.$path).all().filter { ownerlessIDs.contains($0.placeID) }
        let projectIDs = Set(targets.map(\.taskID))
        let tasks = try await Array(projectIDs).chunked(1_000).asyncFlatMap { try await CampaignTask.query(on: db).filter(\.$id ~~ Array($0)).all() }
        return FrontlineCoverage(
            campaigns: campaigns, tasks: tasks.count,
            done: tasks.filter { $0.status == .done }.count,
            areaBranchesInProjects: Set(tasks.compactMap(\.partyOrganizationID)).intersection(areaBranches).count,
            ownerlessInProjects: Set(targets.map(\.placeID)).intersection(ownerlessIDs).count,
            ownerless: compounds.count, ownerlessCovered: compounds.filter { $0.coveringPartyOrganizationID != nil }.count)
    }

    var figures: [Highlight.Figure] {
        [.init("一线项目", "\(tasks)个"), .init("建立片区党支部", "\(areaBranchesInProjects)个"),
         .init("覆盖无主管楼院", "\(ownerlessInProjects)个"), .init("无主管楼院党组织覆盖", "\(ownerlessCovered)/\(ownerless)"),
         .init("项目完成", "\(done)/\(tasks)")]
    }

    /// 在27个一线项目建立12个片区党支部，覆盖29个无主管楼院，实现党组织全覆盖。
    var sentence: String {
        "在\(tasks)个一线项目建立\(areaBranchesInProjects)个片区党支部，覆盖\(ownerlessInProjects)个无主管楼院，"
            + (fullCoverage ? "实现党组织全覆盖。" : "无主管楼院党组织覆盖率\(ChineseNumber.percent(ownerlessCovered, of: ownerless))。")
    }
}
