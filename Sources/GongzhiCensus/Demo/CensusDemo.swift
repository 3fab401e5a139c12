import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit

/// The demo's finished 7th census (2020): areas proposed from the registry, an instructor per community and an
/// enumerator per area (the `zhidao` and `pucha` accounts in 通信花园社区, the rest without sign-in now), companions,
/// every household visited in every status, the stand-ups, the article's publicity — then closed, not purged.
enum CensusDemo {
    static func day(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: 2020, month: month, day: day)! }

    static func load(on db: any Database, demo: DemoContext) async throws {
        guard let office = try await demo.account("puchaban", on: db),
              let root = try await RegistryDirectory.places(.subdistrict, within: PlaceScope(paths: ["/"]), on: db).first else { return }
        let c = CensusCampaign()
        c.kind = .populationCensus; c.name = "第七次全国人口普查"; c.standardTime = "2020-11-01"; c.placeID = root.id; c.path = root.path
        c.areaTarget = 80; c.samplePerMille = 100; c.sampleSeed = 20_201_101; c.createdBy = office.name
        c.createdAt = demo.author(on: day(10, 9), name: office.name).seconds
        try await c.create(on: db)
        let id = try c.requireID()
        let stages: [(CensusStage, CivilDate, CivilDate)] = [(.canvass, day(10, 11), day(10, 31)), (.shortForm, day(11, 1), day(12, 10)),
                                                             (.longForm, day(11, 1), day(12, 10)), (.review, day(12, 11), day(12, 31))]
        for (stage, first, last) in stages {
            let s = CensusStageRecord()
            s.campaignID = id; s.stage = stage; s.startsOn = first.description; s.endsOn = last.description
            s.closedAt = BeijingTime.midnight(last) + 22 * 3600
            try await s.create(on: db)
        }
        let start = demo.author(on: day(10, 9), name: office.name, userID: office.id)
        try await CensusDesk.member(campaign: c, userID: office.id, name: office.name, kind: .office, author: start, on: db)
        let communities = try await RegistryDirectory.places(.community, within: PlaceScope(paths: [root.path]), on: db)
        // The leading groups: the subdistrict's, and each community's secretary at the head of its own.
        for (username, place, duty) in [("jiedao", root, "组长"), ("tongxin", communities.first { $0.name == "通信花园社区" }, "社区普查领导小组组长")] {
            guard let place, let staff = try await demo.account(username, on: db) else { continue }
            let l = CensusLeader()
            l.campaignID = id; l.placeID = place.id; l.path = place.path; l.userID = staff.id; l.name = staff.name; l.duty = duty
            try await l.create(on: db)
        }
        try await AreaDesk.propose(c, on: db)
        let areas = try await CensusArea.query(on: db).filter(\.$campaignID == id).sort(\.$number).all()
        // An instructor per community and an enumerator per area; the demo accounts take 通信花园社区's first.
        let instructorAccount = try await demo.account("zhidao", on: db), enumeratorAccount = try await demo.account("pucha", on: db)
        var instructors: [Int: Int] = [:]
        for community in communities where areas.contains(where: { $0.communityID == community.id }) {
            let first = community.name == "通信花园社区" ? instructorAccount : nil
            let m = try await CensusDesk.member(campaign: c, userID: first?.id, name: first?.name ?? "\(community.name)普查指导员", kind: .instructor, author: start, on: db)
            instructors[community.id] = try m.requireID()
        }
        var accountUsed = false
        for area in areas {
            let takesAccount = !accountUsed && communities.first { $0.id == area.communityID }?.name == "通信花园社区" && enumeratorAccount != nil
            if takesAccount { accountUsed = true }
            let m = try await CensusDesk.member(campaign: c, userID: takesAccount ? enumeratorAccount?.id : nil,
                                                name: takesAccount ? enumeratorAccount!.name : "普查员\(String(format: "%03d", area.number))", kind: .enumerator, author: start, on: db)
            m.instructorID = instructors[area.communityID]
            try await m.update(on: db)
            area.enumeratorID = try m.requireID()
            try await area.update(on: db)
        }
        try await companions(areas, campaign: c, on: db)
        _ = try await AreaDesk.start(c, author: demo.author(on: day(10, 31), hour: 20, name: office.name, userID: office.id), on: db)
        try await visits(c, areas: areas, vault: demo.gongzhi.vault, on: db)
        try await standups(c, communities: communities, root: root, on: db)
        try await publicity(c, communities: communities, root: root, on: db)
        // Closed after the review; the visits are kept for the demo's pages (a real campaign may purge them).
        try await ClosingDesk.close(c, author: demo.author(on: day(12, 31), hour: 17, name: office.name), on: db)
    }

    /// A building leader of each area's community (a resident of its first building) and, where a property company
    /// serves the community, one of its staff.
    static func companions(_ areas: [CensusArea], campaign: CensusCampaign, on db: any Database) async throws {
        let parts = Dictionary(grouping: try await CensusCounts.parts(campaign, on: db), by: \.areaID)
        var companies: [Int: RegistryDirectory.OrganizationEntry?] = [:]
        for area in areas {
            guard let first = parts[try area.requireID()]?.first else { continue }
            if let resident = try await RegistryDirectory.residents(bornOnOrBefore: "1990-01-01", within: PlaceScope(paths: [first.path]), limit: 1, on: db).first {
                try await AreaDesk.addCompanion(kind: CompanionKind.buildingLeader.rawValue, residentID: String(resident.id), name: "", organizationID: "", area: area, on: db)
            }
            if companies[area.communityID] == nil {
                companies[area.communityID] = try await RegistryDirectory.organizations([.propertyCompany], within: PlaceScope(paths: [area.communityPath]), on: db).first
            }
            if let company = companies[area.communityID] ?? nil, area.number % 2 == 0 {
                try await AreaDesk.addCompanion(kind: CompanionKind.propertyStaff.rawValue, residentID: "", name: "物业管家\(area.number)号（演示）",
                                                organizationID: String(company.id), area: area, on: db)
            }
        }
    }

    /// Every household's door: vacant dwellings found in the canvass, online self-enumeration in the first fortnight,
    /// appointments at evenings and weekends before registering, some away and a few refusals.
    static func visits(_ campaign: CensusCampaign, areas: [CensusArea], vault: PersonalDataVault, on db: any Database) async throws {
        struct Row: Decodable { let id: Int; let area_id: Int; let long_form: Bool }
        let id = try campaign.requireID()
        let rows = try await db.sql.raw("SELECT id, area_id, long_form FROM census_visits WHERE campaign_id = \(bind: id) ORDER BY id").all(decoding: Row.self)
        let enumerator = Dictionary(uniqueKeysWithValues: areas.compactMap { a in a.id.map { ($0, a.enumeratorID ?? 0) } })
        var rng = SplitMix64(seed: 7_2020)
        var events = BulkInsert(CensusVisitEvent.schema, columns: ["campaign_id", "visit_id", "area_id", "member_id", "stage", "status", "day", "at", "note"])
        struct Final: Hashable { let status: VisitStatus; let at: Int; let note: String? }
        var finals: [Final: [Int]] = [:]
        for r in rows {
            let m = enumerator[r.area_id] ?? 0
            func event(_ stage: CensusStage, _ status: VisitStatus, _ d: CivilDate, hour: Int, note: String? = nil) -> Int {
                let at = BeijingTime.midnight(d) + hour * 3600 + rng.int(0...59) * 60
                events.append([id, r.id, r.area_id, m, stage.rawValue, status.rawValue, d.description, at, note.map(vault.seal)])
                return at
            }
            // Registration days lean to the first weeks (以老带新: the pace rises as new enumerators learn).
            let d = day(11, 1).adding(days: min(39, rng.int(0...14) + rng.int(0...14) + rng.int(0...10)))
            let stage: CensusStage = r.long_form ? .longForm : .shortForm
            let roll = rng.int(0...999)
            let final: Final
            if roll < 40 {
                final = Final(status: .vacant, at: event(.canvass, .vacant, day(10, 12).adding(days: rng.int(0...18)), hour: 15), note: nil)
            } else if roll < 100 {
                final = Final(status: .selfEnumerated, at: event(stage, .selfEnumerated, day(11, 1).adding(days: rng.int(0...14)), hour: 21), note: nil)
            } else if roll < 108 {
                _ = event(stage, .away, d, hour: 19)
                final = Final(status: .refused, at: event(.review, .refused, day(12, 12).adding(days: rng.int(0...10)), hour: 19), note: "住户不愿登记，已报指导员")
            } else if roll < 116 {
                final = Final(status: .away, at: event(stage, .away, d, hour: 19), note: "长期在外地，邻居证实")
            } else {
                if roll < 350 {
                    // An appointment at the door, kept on the evening or the weekend after.
                    _ = event(stage, .appointment, d.adding(days: -2), hour: 18)
                }
                final = Final(status: .registered, at: event(stage, .registered, d, hour: roll % 3 == 0 ? 10 : 19), note: nil)
            }
            // Visits group by their final status and the hour's day, so each group is one update.
            finals[Final(status: final.status, at: final.at / 86_400 * 86_400, note: final.note), default: []].append(r.id)
        }
        try await events.run(on: db)
        for (f, ids) in finals {
            let note = f.note.map(vault.seal)
            for chunk in ids.chunked(500) {
                try await db.sql.update(CensusVisit.schema).set("status", to: f.status.rawValue).set("updated_at", to: f.at)
                    .set("note", to: note).where(SQLColumn("id"), .in, SQLBind.group(Array(chunk))).run()
            }
        }
    }

    static func standups(_ campaign: CensusCampaign, communities: [RegistryDirectory.PlaceEntry], root: RegistryDirectory.PlaceEntry, on db: any Database) async throws {
        let tongxin = communities.first { $0.name == "通信花园社区" } ?? communities.first
        let meetings: [(RegistryDirectory.PlaceEntry?, CivilDate, String, [(String, String, String)])] = [
            (root, day(11, 2), "街道普查领导小组日碰头会：通报首日入户进度，各社区交流错时入户的做法。",
             [("部分住户白天无人，入户率低", "各社区普查领导小组组长", "统一安排晚间18:30—21:00和周末错时入户，物业人员、楼栋长陪同。")]),
            (tongxin, day(11, 3), "社区日碰头会：老普查员讲解入户询问方法，“以老带新”结对。",
             [("新普查员不熟悉电子采集终端的操作", "老普查员（结对）", "已安排老普查员结对带教，三天内熟练。"),
              ("纬五路13号院部分单元门禁进不去", "河南省省直物业有限责任公司", "物业人员陪同入户，门禁卡统一借用。")]),
            (root, day(11, 9), "街道日碰头会：自主填报户数增加，抽查登记质量。",
             [("个别住户担心信息泄露", "街道普查办", "入户时出示普查员证，宣讲《统计法》保密规定，发放致住户一封信。")]),
            (tongxin, day(11, 10), "社区日碰头会：长表户登记进度，互相交流问询技巧。",
             [("长表户问卷时间长，住户有顾虑", "社区普查指导员", "")]),
            (root, day(12, 11), "街道日碰头会：部署复查，核对登记册与普查名单户数。", []),
        ]
        for (place, held, summary, problems) in meetings {
            guard let place else { continue }
            let s = CensusStandup()
            s.campaignID = try campaign.requireID(); s.placeID = place.id; s.path = place.path; s.heldOn = held.description; s.summary = summary
            s.recordedBy = "街道普查办（演示）"
            try await s.create(on: db)
            for (problem, owner, answer) in problems {
                let p = CensusProblem()
                p.campaignID = try campaign.requireID(); p.standupID = try s.requireID(); p.problem = problem; p.owner = owner
                if !answer.isEmpty { p.answer = answer; p.answeredOn = held.adding(days: 1).description }
                try await p.create(on: db)
            }
        }
    }

    /// The article's channels: the film and the information station for the subdistrict, the workflow chart, LED
    /// text, leaflets and residents' groups in every community, notices, posters, banners, letters and WeChat groups in
    /// every compound.
    static func publicity(_ campaign: CensusCampaign, communities: [RegistryDirectory.PlaceEntry], root: RegistryDirectory.PlaceEntry, on db: any Database) async throws {
        var rows = BulkInsert(CensusPublicity.schema, columns: ["campaign_id", "place_id", "path", "channel", "done_on", "note", "recorded_by"])
        let id = try campaign.requireID()
        let by = "街道普查办（演示）"
        rows.append([id, root.id, root.path, PublicityChannel.film.rawValue, day(10, 20).description, "街道新媒体公众号发布国家七人普宣传片", by])
        rows.append([id, root.id, root.path, PublicityChannel.infoStation.rawValue, day(10, 15).description, "建立“普查业务资讯站”", by])
        let compounds = try await RegistryDirectory.places(.compound, within: PlaceScope(paths: [root.path]), on: db)
        for (i, community) in communities.enumerated() {
            for channel in PublicityChannel.allCases where channel.level == .community && !(channel == .retirees && i % 3 == 2) {
                rows.append([id, community.id, community.path, channel.rawValue, day(10, 16 + i % 10).description, "", by])
            }
        }
        for (i, compound) in compounds.enumerated() {
            for channel in PublicityChannel.allCases where channel.level == .compound {
                // Ownerless compounds have no property company account; a few compounds still lack a banner.
                if channel == .propertyAccount && compound.managementType != .propertyManaged { continue }
                if channel == .banner && i % 9 == 4 { continue }
                rows.append([id, compound.id, compound.path, channel.rawValue, day(10, 18 + i % 12).description, "", by])
            }
        }
        try await rows.run(on: db)
    }
}
