import Foundation
import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's campaigns. The article's renovation campaign: 27 frontline projects over the 29 ownerless compounds
/// (two projects take two neighbouring compounds each), each with the area branch that covers its compounds. And
/// one running now in 通信花园社区 (marked as demo data), written as workers would: a leading group, one task per
/// building, reports over the weeks (one returned), some tasks overdue, every building assigned to a cadre.
enum CampaignsDemo {
    static let projects = 27

    static func load(on db: any Database, demo: DemoContext) async throws {
        try await renovation(on: db)
        try await running(on: db, demo: demo)
        try await rhythm(on: db, demo: demo)
        try await DataRevision.bump(CampaignsModule.name, on: db)
    }

    static func renovation(on db: any Database) async throws {
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
            // Its last report, as the records of 2020 were brought in.
            let report = TaskReport()
            report.taskID = try task.requireID(); report.path = task.path; report.status = task.status; report.progress = task.progress
            report.text = task.status == .done ? "改造完工，居民代表参与验收" : "管网改造完成，外立面施工中"; report.evidence = task.evidence
            report.reportedByID = 0; report.reportedBy = task.responsible
            report.reportedAt = BeijingTime.midnight(CivilDate(year: 2020, month: 11, day: 20 + n % 10)!) + 36_000
            try await report.create(on: db)
        }
    }

    /// 楼院环境整治 in 通信花园社区: started 45 days ago, ends in 45 days.
    static func running(on db: any Database, demo: DemoContext) async throws {
        guard let community = try await RegistryDirectory.places(.community, within: PlaceScope(paths: ["/"]), on: db).first(where: { $0.name == "通信花园社区" }),
              let worker = try await demo.account("tongxin", on: db), let cadre = try await demo.account("jiedao", on: db) else { return }
        let scope = PlaceScope(paths: [community.path])
        let today = demo.today
        let campaign = try await CampaignDesk.createCampaign(
            .init(name: "楼院环境整治攻坚行动（演示）", goal: "楼道无堆物、墙面无乱贴、车辆有序停放，每栋楼有人包、有人管", startsOn: today.adding(days: -45).description,
                  endsOn: today.adding(days: 45).description, placeID: String(community.id), leaders: [String(worker.id), String(cadre.id)]),
            scope: scope, author: demo.author(-45, name: worker.name, userID: worker.id), on: db)
        let buildings = try await RegistryDirectory.places(.building, within: scope, on: db).filter { $0.name != "河南合作大厦" }
        // Deadlines in four waves: two already past, two to come.
        let waves = [-10, -3, 15, 40]
        var tasks: [CampaignTask] = []
        for (w, wave) in waves.enumerated() {
            let own = buildings.enumerated().filter { $0.offset % waves.count == w }.map { String($0.element.id) }
            guard !own.isEmpty else { continue }
            tasks += try await CampaignDesk.addTasks(.init(name: "\(CampaignDesk.placeholder)环境整治", placeIDs: own, cadreID: String(worker.id),
                                                           startsOn: today.adding(days: -40).description, deadline: today.adding(days: wave).description, onePerPlace: true),
                                                     to: campaign, scope: scope, author: demo.author(-44, name: worker.name, userID: worker.id), on: db)
        }
        tasks.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        let by = demo.author(-20, name: worker.name, userID: worker.id)
        for (i, task) in tasks.enumerated() {
            switch i % 3 {
            case 0:
                try await CampaignDesk.report(.init(status: "inProgress", progress: "50", text: "楼道堆物已清理一半，已张贴整治通知"), photo: nil, on: task,
                                              author: demo.author(-20 + i % 5, name: worker.name, userID: worker.id), on: db)
                try await CampaignDesk.report(.init(status: "done", progress: "100", text: "整治完成，楼组长和居民代表验收", evidence: "验收单（演示）"), photo: nil, on: task,
                                              author: demo.author(-6 + i % 4, name: worker.name, userID: worker.id), on: db)
            case 1:
                try await CampaignDesk.report(.init(status: "inProgress", progress: "40", text: "已入户动员，车辆停放线待施划"), photo: nil, on: task, author: by, on: db)
                if i == 1 {
                    // A report of done sent back by the subdistrict's cadre: the task falls back to 40%.
                    let early = try await CampaignDesk.report(.init(status: "done", progress: "100", text: "已完成", evidence: "见微信群"), photo: nil, on: task,
                                                              author: demo.author(-4, name: worker.name, userID: worker.id), on: db)
                    try await CampaignDesk.returnReport(early, reason: "佐证不足：请上传整治后的现场照片或验收单", author: demo.author(-3, name: cadre.name, userID: cadre.id), on: db)
                }
            default: break
            }
        }
        _ = try await CampaignDesk.assign(cadreID: String(worker.id), buildingIDs: buildings.map { String($0.id) }, scope: scope,
                                          author: demo.author(-45, name: worker.name, userID: worker.id), on: db)
    }

    /// The rhythm around the wall: the municipal review visit at 纬五路13号院 in the renovation year, two monthly
    /// reviews, a secretaries' forum with its follow-ups, supervision items (one put right, one late and escalated),
    /// and (`weekly`, once the other modules are loaded) last week's report of 通信花园社区.
    static func rhythm(on db: any Database, demo: DemoContext) async throws {
        let all = PlaceScope(paths: ["/"])
        guard let subdistrict = try await RegistryDirectory.places(.subdistrict, within: all, on: db).first,
              let site = try await RegistryDirectory.places(.compound, within: all, on: db).first(where: { $0.name == "纬五路13号院" }),
              let cadre = try await demo.account("jiedao", on: db), let worker = try await demo.account("tongxin", on: db) else { return }
        let communities = try await RegistryDirectory.places(.community, within: all, on: db).sorted { $0.sortOrder < $1.sortOrder }
        let rubric = try await RhythmDesk.rubric(on: db)
        let author = { (days: Int) in demo.author(days, name: cadre.name, userID: cadre.id) }
        // Scores spread by community and item, the same on every load.
        func scores(_ seed: Int) -> [Int: [Int: String]] {
            Dictionary(uniqueKeysWithValues: communities.enumerated().map { c, community in
                (community.id, Dictionary(uniqueKeysWithValues: rubric.items.enumerated().map { i, item in (i, String(item.points - (c * 7 + i * 3 + seed) % (item.points / 3 + 1))) }))
            })
        }
        try await RhythmDesk.recordReview(.init(kind: "municipal", title: "全市老旧小区改造现场观摩（纬五路13号院）", heldOn: "2020-10-22", placeID: String(site.id),
                                                reviewers: "市、区观摩组", scores: scores(1)),
                                          subdistrict: subdistrict, communities: communities, author: Author(userID: cadre.id, name: cadre.name, now: Date(timeIntervalSince1970: 1_603_353_600)), on: db)
        for (n, days) in [-35, -5].enumerated() {
            let day = demo.today.adding(days: days)
            try await RhythmDesk.recordReview(.init(kind: "monthly", title: "\(day.month)月月观摩", heldOn: day.description, placeID: String(site.id),
                                                    reviewers: "街道党工委班子成员", scores: scores(n + 2)),
                                              subdistrict: subdistrict, communities: communities, author: author(days), on: db)
        }
        let editors = PlaceScope(paths: [subdistrict.path])
        let tongxin = communities.first { $0.name == "通信花园社区" } ?? communities[0]
        let other = communities.first { $0.id != tongxin.id } ?? tongxin
        try await RhythmDesk.recordForum(.init(heldOn: demo.today.adding(days: -25).description, theme: "老旧小区改造后的长效管理",
                                               speakers: "\(tongxin.name)党委书记、\(other.name)党总支书记",
                                               topics: "一、改造后楼院由谁管：红色物业托管与居民自管的分工\n二、楼组长队伍如何稳定：“1+3+N”空缺的补齐",
                                               followUps: [.init(placeID: String(tongxin.id), text: "拿出无主管楼院红色物业托管方案", owner: "\(tongxin.name)党委书记",
                                                                 deadline: demo.today.adding(days: -5).description),
                                                           .init(placeID: String(other.id), text: "补齐楼组“1+3+N”空缺", owner: "\(other.name)党总支书记",
                                                                 deadline: demo.today.adding(days: 10).description)]),
                                         subdistrict: subdistrict, scope: editors, author: author(-25), on: db)
        let rectified = try await RhythmDesk.addFinding(.init(placeID: String(site.id), text: "楼道杂物复堆", owner: "\(tongxin.name)社区干部", foundOn: demo.today.adding(days: -18).description,
                                                              deadline: demo.today.adding(days: -11).description), source: .supervision, scope: editors, author: author(-18), on: db)
        try await RhythmDesk.rectify(rectified, on: demo.today.adding(days: -12).description, how: "组织楼组长和志愿者清理，张贴提示", author: demo.author(-12, name: worker.name, userID: worker.id), on: db)
        try await RhythmDesk.addFinding(.init(placeID: String(other.id), text: "两处楼院电动车飞线充电", owner: "\(other.name)社区干部", foundOn: demo.today.adding(days: -3).description,
                                              deadline: demo.today.adding(days: 4).description), source: .supervision, scope: editors, author: author(-3), on: db)
    }

    /// Last week's report of 通信花园社区, its figures counted as they stood.
    static func weekly(on db: any Database, demo: DemoContext) async throws {
        guard let tongxin = try await RegistryDirectory.places(.community, within: PlaceScope(paths: ["/"]), on: db).first(where: { $0.name == "通信花园社区" }),
              let worker = try await demo.account("tongxin", on: db) else { return }
        let week = Week(containing: demo.today).previous
        try await RhythmDesk.submitWeekly(community: tongxin, week: week, figures: try await Outcomes.week(week, of: tongxin, today: demo.today, on: db),
                                          commentary: "本周集中整治楼道堆物，逾期楼栋已约谈包楼干部；下周完成剩余楼栋车辆停放线施划。",
                                          author: demo.author(-2, name: worker.name, userID: worker.id), on: db)
    }
}
