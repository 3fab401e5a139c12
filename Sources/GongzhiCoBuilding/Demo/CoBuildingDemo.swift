import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Foundation

/// The demo's regional co-building: every resident unit joins its community's regional committee (96), the first 35
/// also the subdistrict's regional working committee; the agreement with 省直干休所 that built the 经纬天地 pocket park.
enum CoBuildingDemo {
    static let subdistrictMembers = 35

    static func load(on db: any Database, demo: DemoContext) async throws {
        let all = PlaceScope(paths: ["/"])
        let committees = try await RegistryDirectory.partyOrganizations([.regionalWorkingCommittee, .communityRegionalCommittee], within: all, on: db)
        let units = try await RegistryDirectory.organizations([.residentUnit], within: all, on: db)
        var insert = BulkInsert(CommitteeMember.schema, columns: ["committee_id", "path", "organization_id", "joined_on"])
        if let working = committees.first(where: { $0.kind == .regionalWorkingCommittee }) {
            for unit in units.prefix(subdistrictMembers) { insert.append([working.id, working.path, unit.id, "2019-03-01"]) }
        }
        let community = committees.filter { $0.kind == .communityRegionalCommittee }
        for unit in units {
            // A unit's community committee is the one whose place holds the unit.
            if let committee = community.first(where: { unit.path.hasPrefix($0.path) }) {
                insert.append([committee.id, committee.path, unit.id, "2019-05-01"])
            }
        }
        try await insert.run(on: db)
        if let unit = units.first(where: { $0.name == "河南省省直干休所" }) {
            let agreement = Agreement()
            agreement.organizationID = unit.id; agreement.path = unit.path; agreement.signedOn = "2020-05-20"
            agreement.title = "街道与省直干休所共建协议"
            agreement.content = "整合单位临街闲置空间、拆违腾挪公共空间，打造共享绿地空间，建设900平方米“经纬天地”街边游园。"
            try await agreement.create(on: db)
        }
        try await meetings(committees, on: db, demo: demo)
        try await rota(on: db, demo: demo)
        try await DataRevision.bump(CoBuildingModule.name, on: db)
    }

    /// Two joint meetings a year of every committee (most units present, one resolution each, the later one taken into
    /// the needs list), and the subdistrict committee's proposal letter.
    static func meetings(_ committees: [RegistryDirectory.PartyOrganizationEntry], on db: any Database, demo: DemoContext) async throws {
        let today = BeijingTime.day(of: demo.gongzhi.now())
        let author = Author(userID: 0, name: "社区工作人员（演示）", now: demo.gongzhi.now())
        let members = Dictionary(grouping: try await CommitteeMember.query(on: db).all(), by: \.committeeID)
        for (n, committee) in committees.enumerated() {
            let units = (members[committee.id] ?? []).map(\.organizationID).sorted()
            guard !units.isEmpty else { continue }
            for (round, days) in [(0, -200 + n), (1, -40 + n)] {
                let present = units.enumerated().filter { ($0.offset + round + n) % 4 != 0 || units.count == 1 }.map { String($0.element) }
                _ = try await CoBuildingDesk.recordMeeting(
                    .init(heldOn: today.adding(days: days).description, agenda: round == 0 ? "通报上半年共建项目；征集成员单位资源清单" : "研究辖区居民需求清单；部署年底走访慰问",
                          attendeeIDs: present, minutes: "会议通报了共建项目进展，成员单位交流了资源和需求，形成决议如下。",
                          resolutions: round == 0 ? "成员单位更新资源清单" : "为辖区高龄老人开设助餐服务点", toNeeds: round == 1 && committee.kind == .communityRegionalCommittee),
                    committee: committee, members: units, author: author, on: db)
            }
            if let unit = try await RegistryDirectory.organizations(ids: units, on: db).first(where: { $0.name == "河南省省直干休所" }), committee.kind == .communityRegionalCommittee {
                _ = try await CoBuildingDesk.writeLetter(.thanks, .init(title: "致河南省省直干休所的感谢信", body: "河南省省直干休所：\n贵单位开放临街闲置空间，与社区共同建成900平方米“经纬天地”街边游园，居民有了家门口休闲健身的好去处。谨代表\(committee.name)和辖区居民表示衷心感谢！",
                                                                         dated: today.adding(days: -1_890).description),
                                                         committee: committee, unit: unit, author: author, on: db)
            }
            if committee.kind == .regionalWorkingCommittee {
                let draft = try await LetterDraft.make(.proposal, committee: committee, members: units.count, unit: nil, on: db)
                _ = try await CoBuildingDesk.writeLetter(.proposal, .init(title: draft.title, body: draft.body, dated: today.adding(days: -199).description),
                                                         committee: committee, unit: nil, author: author, on: db)
            }
        }
    }

    /// This year's rota of the office building: the months before this one held, one swap among those to come.
    static func rota(on db: any Database, demo: DemoContext) async throws {
        let all = PlaceScope(paths: ["/"])
        let orgs = try await RegistryDirectory.partyOrganizations([.newOrgCommittee], within: all, on: db)
        let places = try await RegistryDirectory.places(ids: Array(Set(orgs.map(\.placeID))), on: db)
        guard let tower = places.first(where: { $0.kind == .building }) else { return }
        let now = demo.gongzhi.now(), today = BeijingTime.day(of: now)
        let author = Author(userID: 0, name: "社区工作人员（演示）", now: now)
        try await TowerRota.generate(tower, year: today.year, author: author, on: db)
        let hosts = try await TowerRota.hosts(of: tower, on: db)
        let due = try await RegistryDirectory.partyMemberCount(organizationIDs: hosts.map(\.id), on: db)
        let months = try await RotaMonth.query(on: db).filter(\.$buildingID == tower.id).filter(\.$year == today.year).sort(\.$month).all()
        let topics = ["学习党的二十大精神", "重温入党誓词", "楼宇志愿服务", "党史学习", "红色观影", "主题党日"]
        for m in months where m.month < today.month {
            try await TowerRota.record(m, .init(heldOn: "\(m.year)-\(String(format: "%02d", m.month))-15", topic: topics[m.month % topics.count],
                                                present: String(due > 0 ? max(0, due - m.month % 3) : 8 + m.month % 5), note: "\(m.hostName)承办"), due: due, author: author, on: db)
        }
        let open = months.filter { $0.heldOn == nil }
        if open.count >= 2 { try await TowerRota.swap(open[open.count - 2], open[open.count - 1], reason: "原承办单位年底项目验收", on: db) }
    }
}
