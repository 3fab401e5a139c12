import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// The modules after the registry: a fact entered once (an inspection, a member unit, a medal) changes the module's
/// page, the overview and the report; bad input names the field and stores nothing; scope holds as in the registry.
struct ModuleTests {
    static func group(in community: String) -> String {
        "SELECT g.id AS n FROM building_groups g JOIN places c ON g.path LIKE c.path || '%' WHERE c.name = '\(community)' ORDER BY g.id LIMIT 1"
    }

    @Test(arguments: TestDatabase.available)
    func starInspectionGivesTheRulesStarsAndMovesTheRate(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            // A group of 通信花园社区 that the demo left below the pass level.
            let group = try await t.id("SELECT g.id AS n FROM building_groups g JOIN star_inspections i ON i.building_group_id = g.id JOIN places c ON g.path LIKE c.path || '%' WHERE c.name = '通信花园社区' AND i.stars < 3 ORDER BY g.id LIMIT 1")
            let passedBefore = try await t.scalar("SELECT COUNT(*) AS n FROM star_inspections WHERE stars >= 3")
            let before = try await t.get("/star-groups", as: worker).body
            #expect(before.contains("达标星级楼组"))

            // Bad date and no inspector: both named, nothing stored.
            let rejected = try await t.post("/star-groups/\(group)/inspections", ["inspectedOn": "2020-02-30", "inspector": "", "groundClean": "on"], as: worker)
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.body.contains("评定日期“2020-02-30”不是有效日期") && rejected.body.contains("请填写评定人"))
            #expect(rejected.body.contains("name=\"groundClean\" checked"), "ticked items survive the rejected form")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM star_inspections WHERE building_group_id = \(group) AND submitted_by_id IS NULL") == 1)
            let future = try await t.post("/star-groups/\(group)/inspections", ["inspectedOn": "2099-01-01", "inspector": "张三"], as: worker)
            #expect(future.body.contains("评定日期不能晚于今天"))

            // All three 净 and two 有: four stars by the standard rule, never typed.
            let saved = try await t.post("/star-groups/\(group)/inspections", [
                "inspectedOn": "2021-03-15", "inspector": "社区评定组", "groundClean": "on", "wallsClean": "on", "doorsWindowsClean": "on",
                "hasCulture": "on", "hasServices": "on"], as: worker)
            #expect(saved.status == .seeOther)
            #expect(try await t.scalar("SELECT stars AS n FROM star_inspections WHERE building_group_id = \(group) AND inspected_on = '2021-03-15'") == 4)
            #expect(try await t.get("/star-groups/\(group)", as: worker).body.contains("★★★★☆（达标，2021-03-15评定）"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM star_inspections WHERE stars >= 3") == passedBefore + 1)
            // The overview's figures and sentence follow at once (its cache is keyed by every module's revision).
            let jiedao = try await t.signIn("jiedao")
            let groups = try await t.scalar("SELECT COUNT(*) AS n FROM building_groups")
            let passing = try await t.scalar("SELECT COUNT(*) AS n FROM building_groups g WHERE (SELECT stars FROM star_inspections i WHERE i.building_group_id = g.id AND i.status = 'confirmed' ORDER BY inspected_on DESC, id DESC LIMIT 1) >= 3")
            let percent = Int((Double(passing) * 100 / Double(groups)).rounded())
            #expect(try await t.get("/overview", as: jiedao).body.contains("街道共创建达标星级楼组\(passing)个，达标率\(percent)%。"))

            // The community's own page shows its groups' standing, counted from its records.
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let own = try await t.scalar("SELECT COUNT(*) AS n FROM building_groups g JOIN places c ON g.path LIKE c.path || '%' WHERE c.id = \(community) AND (SELECT stars FROM star_inspections i WHERE i.building_group_id = g.id AND i.status = 'confirmed' ORDER BY inspected_on DESC, id DESC LIMIT 1) >= 3")
            #expect(try await t.get("/places/\(community)", as: worker).body.contains("<dt>达标星级楼组</dt><dd>\(own)个</dd>"))

            // Another community's group: the same 403 as a missing one; a building-group leader may look but not inspect.
            let other = try await t.id(Self.group(in: "经纬社区"))
            #expect(try await t.get("/star-groups/\(other)", as: worker).status == .forbidden)
            #expect(try await t.post("/star-groups/\(other)/inspections", ["inspectedOn": "2021-03-15", "inspector": "x"], as: worker).status == .forbidden)
            let leader = try await t.signIn("louzu")
            #expect(try await t.post("/star-groups/\(group)/inspections", ["inspectedOn": "2021-03-15", "inspector": "x"], as: leader).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func memberUnitsAndMedalsAreEnteredOnce(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let committee = try await t.id("SELECT o.id AS n FROM party_organizations o JOIN places c ON c.id = o.place_id WHERE o.kind = 'communityRegionalCommittee' AND c.name = '通信花园社区'")
            let members = try await t.scalar("SELECT COUNT(*) AS n FROM committee_members WHERE committee_id = \(committee)")
            let unit = try await t.id("SELECT o.id AS n FROM organizations o JOIN places c ON c.id = o.place_id WHERE o.kind = 'newEconomicOrg' AND c.name = '通信花园社区' ORDER BY o.id LIMIT 1")
            #expect(try await t.post("/co-building/members", ["committeeID": String(committee), "organizationID": String(unit)], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM committee_members WHERE committee_id = \(committee)") == members + 1)
            let again = try await t.post("/co-building/members", ["committeeID": String(committee), "organizationID": String(unit)], as: worker)
            #expect(again.status == .unprocessableEntity && again.body.contains("已是"))
            // The subdistrict's working committee is outside a community worker's places.
            let working = try await t.id("SELECT id AS n FROM party_organizations WHERE kind = 'regionalWorkingCommittee'")
            let outside = try await t.post("/co-building/members", ["committeeID": String(working), "organizationID": String(unit)], as: worker)
            #expect(outside.status == .unprocessableEntity && outside.body.contains("请选择您管辖范围内的区域党组织"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM committee_members WHERE committee_id = \(working) AND organization_id = \(unit)") == 0)

            // A medal: once per veteran, with the receipt's signer; a veteran elsewhere is out of reach.
            let jiedao = try await t.signIn("jiedao")
            let veteran = try await t.id("SELECT MIN(id) AS n FROM veterans")
            let medal = ["veteranID": String(veteran), "medal": "光荣在党50年纪念章", "issuedOn": "2021-07-01", "receiptSignedBy": "家属代签"]
            #expect(try await t.post("/veterans/medals", medal, as: jiedao).status == .seeOther)
            #expect(try await t.get("/veterans", as: jiedao).body.contains("光荣在党50年纪念章（2021-07-01，家属代签签收）"))
            let twice = try await t.post("/veterans/medals", medal, as: jiedao)
            #expect(twice.status == .unprocessableEntity && twice.body.contains("该老兵已领取过"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM medal_issues WHERE veteran_id = \(veteran)") == 2)
            // A veteran is registered by full ID number: the resident is found, not retyped, and the registry's own
            // tag follows in the same transaction. A wrong number is named; the number never comes back in the page.
            let residentID = try await t.id("SELECT MIN(r.id) AS n FROM residents r JOIN places c ON r.path LIKE c.path || '%' WHERE c.name = '通信花园社区' AND r.id NOT IN (SELECT resident_id FROM veterans) AND r.id_sealed IS NOT NULL")
            struct Sealed: Decodable { let id_sealed: String }
            let full = try t.app.gongzhi.vault.open(try await t.app.db.sql.raw("SELECT id_sealed FROM residents WHERE id = \(bind: residentID)").first(decoding: Sealed.self)!.id_sealed)
            let wrong = try await t.post("/veterans", ["idNumber": String(full.dropLast()) + (full.last == "1" ? "2" : "1"), "war": "vietnamBorder", "service": "某部"], as: worker)
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("校验位错误") && !wrong.body.contains(String(full.dropLast())))
            #expect(try await t.post("/veterans", ["idNumber": full, "war": "vietnamBorder", "service": "某部", "honours": "三等功"], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM veterans WHERE resident_id = \(residentID) AND war = 'vietnamBorder'") == 1)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE id = \(residentID) AND tags LIKE '%veteran%'") == 1)
            let twiceRegistered = try await t.post("/veterans", ["idNumber": full, "war": "none", "service": "某部"], as: worker)
            #expect(twiceRegistered.status == .unprocessableEntity && twiceRegistered.body.contains("已登记为退役军人"))
            // A resident of another community is not found for a community worker: the same answer as a missing one.
            let elsewhere = try await t.id(ScopeTests.residentIn("经纬社区"))
            let theirs = try t.app.gongzhi.vault.open(try await t.app.db.sql.raw("SELECT id_sealed FROM residents WHERE id = \(bind: elsewhere)").first(decoding: Sealed.self)!.id_sealed)
            #expect(try await t.post("/veterans", ["idNumber": theirs, "war": "none", "service": "某部"], as: worker).body.contains("您管辖范围内没有登记该公民身份号码的居民"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents r JOIN veterans v ON v.resident_id = r.id WHERE r.tags NOT LIKE '%veteran%'") == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func campaignWallShowsEachWorkerTheirTasks(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let campaign = try await t.id("SELECT MIN(id) AS n FROM campaigns")
            let all = try await t.scalar("SELECT COUNT(*) AS n FROM campaign_tasks WHERE campaign_id = \(campaign)")
            let jiedao = try await t.get("/campaigns/\(campaign)", as: try await t.signIn("jiedao")).body
            #expect(jiedao.components(separatedBy: "演示干部").count - 1 == all)
            let own = try await t.scalar("SELECT COUNT(*) AS n FROM campaign_tasks k JOIN places c ON k.path LIKE c.path || '%' WHERE c.name = '通信花园社区' AND k.campaign_id = \(campaign)")
            let tongxin = try await t.get("/campaigns/\(campaign)", as: try await t.signIn("tongxin")).body
            #expect(own > 0 && own < all)
            #expect(tongxin.components(separatedBy: "演示干部").count - 1 == own)
            #expect(try await t.get("/campaigns", as: try await t.signIn("jiedao")).body.contains("实现党组织全覆盖"))

            // The demo's unfinished projects were due in 2020: the wall shows them overdue, not as last reported.
            let worker = try await t.signIn("tongxin")
            let task = try await t.id("SELECT MIN(k.id) AS n FROM campaign_tasks k JOIN places c ON k.path LIKE c.path || '%' WHERE c.name = '通信花园社区'")
            #expect(try await t.get("/tasks/\(task)", as: worker).body.contains("id=\"task-status\""))
            // A report must agree with itself: done is 100% with evidence; nothing is stored otherwise.
            let reports = try await t.scalar("SELECT COUNT(*) AS n FROM campaign_task_reports")
            let bad = try await t.post("/tasks/\(task)/reports", ["status": "done", "progress": "80", "text": "完工"], as: worker)
            #expect(bad.status == .unprocessableEntity && bad.body.contains("已完成的任务进度应为100") && bad.body.contains("报告完成须有佐证"))
            let overdue = try await t.post("/tasks/\(task)/reports", ["status": "overdue", "progress": "50", "text": "拖期"], as: worker)
            #expect(overdue.status == .unprocessableEntity && overdue.body.contains("请选择状态"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_task_reports") == reports)
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "inProgress", "progress": "40", "text": "施工中", "evidence": "施工日志"], as: worker).status == .seeOther)
            #expect(try await t.get("/tasks/\(task)", as: worker).body.contains("已逾期（进度40%）"))
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "done", "progress": "100", "text": "完工", "evidence": "竣工验收单"], as: worker).status == .seeOther)
            #expect(try await t.get("/tasks/\(task)", as: worker).body.contains("已完成（进度100%）"))
            // Another community's task is out of reach; a building-group leader who does not answer for it may not report.
            let theirs = try await t.id("SELECT MIN(k.id) AS n FROM campaign_tasks k JOIN places c ON k.path LIKE c.path || '%' WHERE c.name = '经纬社区'")
            #expect(try await t.post("/tasks/\(theirs)/reports", ["status": "done", "progress": "100", "text": "x", "evidence": "x"], as: worker).status == .forbidden)
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "done", "progress": "100", "text": "x", "evidence": "x"], as: try await t.signIn("louzu")).status == .forbidden)
        }
    }
}
