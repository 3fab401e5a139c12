import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's renovation campaign: 27 frontline projects over the 29 ownerless compounds (two projects take two
/// neighbouring compounds each), each with the area branch that covers its compounds.
enum CampaignsDemo {
    static let projects = 27

    static func load(on db: any Database) async throws {
        let all = PlaceScope(paths: ["/"])
        guard let subdistrict = try await RegistryDirectory.places(.subdistrict, within: all, on: db).first else { return }
        let ownerless = try await RegistryDirectory.places(.compound, within: all, on: db).filter { $0.managementType == .ownerless }
        guard !ownerless.isEmpty else { return }
        let campaign = Campaign()
        campaign.name = "老旧小区改造攻坚行动"; campaign.goal = "无主管楼院改造全覆盖，党组织建在项目上，居民全程参与"
        campaign.startsOn = "2020-03-01"; campaign.endsOn = "2020-12-31"; campaign.placeID = subdistrict.id; campaign.path = subdistrict.path
        try await campaign.create(on: db)

        // Group compounds into projects: the first (count - 27) projects of communities with several compounds take two.
        var groups: [[RegistryDirectory.PlaceEntry]] = []
        var pairsLeft = max(0, ownerless.count - projects)
        var i = 0
        while i < ownerless.count {
            let sameCommunity = i + 1 < ownerless.count && ownerless[i].path.split(separator: "/").prefix(2) == ownerless[i + 1].path.split(separator: "/").prefix(2)
            if pairsLeft > 0 && sameCommunity { groups.append([ownerless[i], ownerless[i + 1]]); pairsLeft -= 1; i += 2 }
            else { groups.append([ownerless[i]]); i += 1 }
        }
        for (n, compounds) in groups.enumerated() {
            let task = CampaignTask()
            task.campaignID = try campaign.requireID()
            task.name = compounds.map(\.name).joined(separator: "、") + "改造"
            task.path = compounds[0].path
            task.partyOrganizationID = compounds[0].coveringPartyOrganizationID
            task.responsible = "演示干部\(n + 1)"
            task.deadline = "2020-11-30"
            task.status = n % 5 == 4 ? .inProgress : .done
            task.progress = task.status == .done ? 100 : 60 + n % 4 * 10
            task.evidence = task.status == .done ? "竣工验收记录（演示）" : nil
            try await task.create(on: db)
            for compound in compounds {
                let target = TaskTarget()
                target.taskID = try task.requireID(); target.placeID = compound.id; target.path = compound.path
                try await target.create(on: db)
            }
        }
        try await DataRevision.bump(CampaignsModule.name, on: db)
    }
}
