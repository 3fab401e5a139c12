import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's reporting in and service, written through the same desk the pages use (invented records; the article
/// names the mechanism, not its figures): about seven in ten in-service members reported and confirmed, some waiting
/// and one in a hundred returned; every resident unit reported as a unit; in each community needs and small wishes in
/// every state, a dedication day served last month and an activity next week, resources offered; and the 经纬天地
/// pocket park carried as a need matched with the 省直干休所's idle frontage into an agreement and its result.
enum ServiceDemo {
    static func load(on db: any Database, demo: DemoContext) async throws {
        let all = PlaceScope(paths: ["/"])
        let now = demo.gongzhi.now()
        let today = BeijingTime.day(of: now)
        func at(_ days: Int, hour: Int = 10, as name: String = "社区工作人员（演示）", person: Person? = nil) -> Author {
            demo.author(days, hour: hour, name: name, person: person)
        }
        let communities = try await RegistryDirectory.places(.community, within: all, on: db)
        func community(_ path: String) -> RegistryDirectory.PlaceEntry? { communities.first { path.hasPrefix($0.path) } }

        // The workplaces the members' records name, kept once.
        let members = try await RegistryDirectory.partyMembers(.inService, within: all, on: db).sorted { $0.id < $1.id }
        let units = try await RegistryDirectory.organizations([.residentUnit], within: all, on: db)
        let names = Set(members.compactMap(\.workplace)).sorted()
        let addresses = try await RegistryDirectory.addresses(of: Set(units.map(\.path)), on: db)
        var workplaces = BulkInsert(Workplace.schema, columns: ["name", "party_organization", "contact", "address"])
        for name in names { workplaces.append([name, "\(name)机关党委", "党办", units.first { $0.name == name }.flatMap { addresses[$0.path] } ?? ""]) }
        try await workplaces.run(on: db)
        let workplaceIDs = Dictionary(try await Workplace.query(on: db).all().map { ($0.name, try $0.requireID()) }) { a, _ in a }

        // Reports: in each community the first member (by id) confirmed, then seven in ten confirmed, five in a hundred
        // waiting, one returned; written in bulk.
        let intentions = ["政策宣传、邻里调解", "助老助残、关爱儿童", "环境整治、垃圾分类", "法律咨询", "义诊、健康讲座", "文明交通、平安巡逻"]
        var reports = BulkInsert(ReportIn.schema, columns: ["kind", "member_id", "organization_id", "name", "community_id", "path", "workplace_id", "intentions", "status", "reason",
                                                           "reported_by", "reported_at", "decided_by", "decided_at"])
        // The demo's member who signs in (`dangyuan`) has not reported yet: reporting is theirs to try.
        let people = try await DemoAccounts.people(on: db)
        var seen: Set<Int> = []
        var confirmedBy: [Int: [RegistryDirectory.PartyMemberEntry]] = [:]
        for (n, m) in members.enumerated() {
            guard m.id != people.memberID, let c = community(m.path) else { continue }
            let first = seen.insert(c.id).inserted
            let share = (n * 37) % 100
            let status: ReportStatus = first || share < 70 ? .confirmed : share < 75 ? .submitted : share == 75 ? .returned : .confirmed
            guard first || share < 76 else { continue }
            let reported = at(-200 + (n % 150), hour: 9).seconds
            let decided: Int? = status == .submitted ? nil : reported + 86_400
            reports.append(["member", m.id, nil as Int?, m.name, c.id, m.path, m.workplace.flatMap { workplaceIDs[$0] }, intentions[n % intentions.count], status.rawValue,
                            status == .returned ? "工作单位与登记不符，请核对后重新报到" : "", m.name, reported, decided.map { _ in "社区工作人员（演示）" }, decided])
            if status == .confirmed { confirmedBy[c.id, default: []].append(m) }
        }
        for (n, u) in units.enumerated() {
            guard let c = community(u.path) else { continue }
            reports.append(["unit", nil as Int?, u.id, u.name, c.id, u.path, nil as Int?, "开放场地、结对共建", ReportStatus.confirmed.rawValue, "", u.name,
                            at(-300 + n, hour: 9).seconds, "社区工作人员（演示）", at(-299 + n, hour: 9).seconds])
        }
        try await reports.run(on: db)

        // Needs and wishes of the oldest residents' households, in every state.
        let wishes = [("为独居老人更换厨房水龙头", NeedKind.wish), ("希望有人陪同去医院复查", .wish), ("想要一台收音机", .wish),
                      ("楼道堆物清理", .need), ("帮助学习使用智能手机挂号", .wish), ("单元门禁维修", .need), ("陪伴聊天、读报", .wish),
                      ("孩子放学后作业辅导", .need)]
        // A small demo (the tests') serves fewer, with every state still present.
        let small = !demo.size.fullPlaceTree
        for (index, c) in communities.enumerated() {
            let servers = confirmedBy[c.id] ?? []
            guard servers.count >= 2 else { continue }
            let elders = try await RegistryDirectory.residents(bornOnOrBefore: today.adding(years: -70).description, within: PlaceScope(paths: [c.path]),
                                                               limit: small ? 5 : 5 + index % 4, on: db)
            for (n, (title, kind)) in wishes.enumerated() where n < elders.count {
                let elder = elders[n]
                guard let household = try await RegistryDirectory.householdID(ofResident: elder.id, on: db) else { continue }
                let need = try await ServiceDesk.placeNeed(.init(kind: kind.rawValue, title: title, detail: ""), at: elder.path, householdID: household,
                                                           author: at(-60 + n * 6, as: elder.name, person: Person(kind: .resident, id: elder.id)), on: db)
                // 0–1 open, 2 claimed, 3 delivered awaiting the resident, the rest done (this quarter and the last).
                guard n >= 2 else { continue }
                // Someone who does not live there: nobody claims their own household's need.
                guard let member = (0..<servers.count).lazy.map({ servers[(n + c.id + $0) % servers.count] }).first(where: { $0.path != elder.path }) else { continue }
                let claim = try await ServiceDesk.claim(need, by: .member(member), author: at(-58 + n * 6, as: member.name), on: db)
                guard n >= 3 else { continue }
                try await ServiceDesk.deliver(claim, hours: n % 2 == 0 ? "2" : "1.5", note: "已上门完成", author: at(-57 + n * 6, as: member.name), on: db)
                guard n >= 4 else { continue }
                try await ServiceDesk.confirm(claim, author: at(-56 + n * 6, as: elder.name, person: Person(kind: .resident, id: elder.id)), on: db)
            }
            // A dedication day last month, with check-ins; an activity next week open for sign-up.
            let served = try await ServiceDesk.openActivity(.init(kind: ActivityKind.dedicationDay.rawValue, title: "党员奉献日：社区环境整治", detail: "清理小区卫生死角、宣传垃圾分类",
                                                                  venue: "\(c.name)党群服务中心", day: today.adding(days: -25).description, start: "08:30", end: "11:00", capacity: "0"),
                                                            community: c, author: at(-35), on: db)
            for m in servers.prefix(small ? 3 : 12) { try await ServiceDesk.signUp(served, member: m, author: at(-30, as: m.name), on: db) }
            for s in try await ActivitySignUp.query(on: db).filter(\.$activityID == served.requireID()).all() {
                try await ServiceDesk.checkIn(served, signUp: s, hours: "", author: at(-25, hour: 11), on: db)
            }
            let upcoming = try await ServiceDesk.openActivity(.init(kind: ActivityKind.volunteer.rawValue, title: "关爱老人志愿服务", detail: "为辖区高龄老人理发、测血压",
                                                                    venue: "\(c.name)党群服务中心", day: today.adding(days: 7).description, start: "09:00", end: "11:30", capacity: "20"),
                                                              community: c, author: at(-2), on: db)
            for m in servers.prefix(small ? 1 : 3) { try await ServiceDesk.signUp(upcoming, member: m, author: at(-1, as: m.name), on: db) }
            // What the community's units offer.
            for (n, u) in units.filter({ community($0.path)?.id == c.id }).prefix(2).enumerated() {
                _ = try await ServiceDesk.offer(.init(kind: n == 0 ? ResourceKind.space.rawValue : ResourceKind.skills.rawValue,
                                                      title: n == 0 ? "会议室周末开放" : "职工志愿者专业服务", detail: "", availability: n == 0 ? "每周六、周日" : "每月一次"),
                                                by: .unit(u), communityID: c.id, author: at(-90), on: db)
            }
        }

        // The demo resident's (`jumin`) household asked for help; a member says it is done and waits for them to confirm.
        if let id = people.residentID, let resident = try await RegistryDirectory.residents(ids: [id], on: db).first,
           let household = try await RegistryDirectory.householdID(ofResident: id, on: db), let c = community(resident.path),
           let member = confirmedBy[c.id]?.first(where: { $0.path != resident.path }) {
            let need = try await ServiceDesk.placeNeed(.init(kind: NeedKind.wish.rawValue, title: "帮忙把旧家具搬下楼", detail: "家中只有老人，搬不动"),
                                                       at: resident.path, householdID: household,
                                                       author: at(-4, as: resident.name, person: Person(kind: .resident, id: id)), on: db)
            let claim = try await ServiceDesk.claim(need, by: .member(member), author: at(-3, as: member.name), on: db)
            try await ServiceDesk.deliver(claim, hours: "1", note: "已和邻居一起搬到楼下指定地点", author: at(-2, hour: 17, as: member.name), on: db)
        }

        // 经纬天地: the need, the 干休所's idle frontage, the agreement, the result.
        if let unit = units.first(where: { $0.name == "河南省省直干休所" }), let c = community(unit.path) {
            let need = try await ServiceDesk.placeNeed(.init(kind: NeedKind.need.rawValue, title: "居民缺少休闲健身的公共空间", detail: "周边老旧小区密集，居民没有就近休闲健身的地方"),
                                                       at: c.path, householdID: nil, author: at(-2_000), on: db)
            let resource = try await ServiceDesk.offer(.init(kind: ResourceKind.space.rawValue, title: "临街闲置空间", detail: "单位临街闲置空地及拆违腾挪的公共空间约900平方米",
                                                             availability: "长期"), by: .unit(unit), communityID: c.id, author: at(-1_990), on: db)
            let project = try await ServiceDesk.match(need, resource, .init(title: "“经纬天地”街边游园", agreement: "整合单位临街闲置空间、拆违腾挪公共空间，打造共享绿地空间，建设900平方米“经纬天地”街边游园。",
                                                                          agreedOn: today.adding(days: -1_980).description,
                                                                          milestones: "\(today.adding(days: -1_950)) 拆违腾挪\n\(today.adding(days: -1_900)) 游园建成开放"),
                                                      author: at(-1_980), on: db)
            for m in try await ProjectMilestone.query(on: db).filter(\.$projectID == project.requireID()).all() {
                try await ServiceDesk.progress(project, milestoneID: m.id, result: "", on: m.dueOn, author: at(-1_890), on: db)
            }
            try await ServiceDesk.progress(project, milestoneID: nil, result: "建成900平方米“经纬天地”街边游园，向居民开放。",
                                           on: today.adding(days: -1_900).description, author: at(-1_890), on: db)
        }
        try await DataRevision.bump(ServiceModule.name, on: db)
    }
}
