import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The rhythm around the wall: weekly reports counted from the records (only the commentary typed), reviews scored
/// on the rubric and feeding 亮赛比, supervision items escalated when late.
struct RhythmTests {
    @Test(arguments: TestDatabase.available) func aWeeklyReportIsCountedFromTheRecords(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let week = Week(containing: BeijingTime.day(of: t.app.gongzhi.now()))
            let path = "/weekly-reports?community=\(community)&week=\(week)"
            let before = try await t.get(path, as: worker).body
            #expect(before.contains("本周完成任务") && before.contains("星级楼组达标率"))
            // A task done this week shows in the count at once.
            let done = { (body: String) in body.firstMatch(of: /<div class="value">(\d+)个<\/div><div class="label">本周完成任务/).map { Int($0.output.1)! } }
            let task = try await t.id("SELECT MIN(k.id) AS n FROM campaign_tasks k JOIN places c ON k.path LIKE c.path || '%' WHERE c.name = '通信花园社区' AND k.status != 'done'")
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "done", "progress": "100", "text": "完工", "evidence": "验收单"], as: worker).status == .seeOther)
            let after = try await t.get(path, as: worker).body
            if let a = done(before), let b = done(after) { #expect(b == a + 1) } else { Issue.record("本周完成任务 not found on the page") }
            // Only the commentary is typed; the figures are kept as they stood; once a week.
            #expect(try await t.post(path, ["commentary": ""], as: worker).status == .unprocessableEntity)
            #expect(try await t.post(path, ["commentary": "本周整治楼道堆物。"], as: worker).status == .seeOther)
            let report = try await t.id("SELECT MAX(id) AS n FROM weekly_reports")
            let sent = try await t.get("/weekly-reports/\(report)", as: worker).body
            #expect(sent.contains("本周整治楼道堆物") && sent.contains("本周完成任务"))
            #expect(try await t.post(path, ["commentary": "再报一次"], as: worker).status == .conflict)
            let future = try await t.post("/weekly-reports?community=\(community)&week=\(Week(containing: week.sunday.adding(days: 7)))", ["commentary": "提前"], as: worker)
            #expect(future.status == .unprocessableEntity && future.body.contains("还没到"))
            #expect(try await t.get("/weekly-reports?week=2026-W99", as: worker).status == .badRequest)
        }
    }

    @Test func reviewsAreScoredOnTheRubricAndRankCommunities() async throws {
        try await TestApp.with(.sqlite) { t in
            let cadre = try await t.signIn("jiedao"), worker = try await t.signIn("tongxin")
            struct C: Decodable { let id: Int; let name: String }
            let communities = try await t.app.db.sql.raw("SELECT id, name FROM places WHERE kind = 'community' ORDER BY id").all(decoding: C.self)
            let site = try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")
            let today = BeijingTime.day(of: t.app.gongzhi.now()).description
            var form = ["kind": "monthly", "title": "测试观摩", "heldOn": today, "placeID": String(site), "reviewers": "街道班子"]
            // The first two communities scored on the four items of the standard rubric (30, 25, 25, 20).
            for (i, v) in ["30", "25", "25", "20"].enumerated() { form["s-\(communities[0].id)-\(i)"] = v }
            for (i, v) in ["10", "10", "10", "31"].enumerated() { form["s-\(communities[1].id)-\(i)"] = v }
            let over = try await t.post("/reviews", form, as: cadre)
            #expect(over.status == .unprocessableEntity && over.body.contains("长效管理"))
            #expect(try await t.post("/reviews", form, as: worker).status == .forbidden, "reviews are the subdistrict's")
            form["s-\(communities[1].id)-3"] = "5"
            #expect(try await t.post("/reviews", form, as: cadre).status == .seeOther)
            let review = try await t.id("SELECT MAX(id) AS n FROM reviews")
            let page = try await t.get("/reviews/\(review)", as: cadre).body
            #expect(page.contains(">100<") && page.contains(">35<"))
            // Ranked within the review by total: the full marks first.
            #expect((page.range(of: communities[0].name)?.lowerBound ?? page.endIndex) < (page.range(of: communities[1].name)?.lowerBound ?? page.startIndex))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM review_scores WHERE review_id = \(review)") == 8)
            // 亮赛比 shows its formula and ranks by outcomes; the full-marks community is ahead of the other.
            let ranking = try await t.get("/ranking", as: worker).body
            #expect(ranking.contains("按期完成率×40%") && ranking.contains("不统计登录、点击"))
            #expect(communities.allSatisfy { ranking.contains($0.name) })
        }
    }

    @Test(arguments: TestDatabase.available) func aLateSupervisionItemIsEscalated(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let today = BeijingTime.day(of: Date())
            t.app.gongzhi.now = { Date(timeIntervalSince1970: Double(BeijingTime.midnight(today) + 10 * 3600)) }
            let worker = try await t.signIn("tongxin")
            let site = try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")
            let bad = try await t.post("/supervision", ["placeID": String(site), "text": "车棚线路老化", "owner": "社区书记", "foundOn": today.description,
                                                         "deadline": today.adding(days: -1).description], as: worker)
            #expect(bad.status == .unprocessableEntity && bad.body.contains("不能早于发现日期"))
            #expect(try await t.post("/supervision", ["placeID": String(site), "text": "车棚线路老化", "owner": "社区书记", "foundOn": today.description,
                                                      "deadline": today.adding(days: 2).description], as: worker).status == .seeOther)
            let finding = try await t.id("SELECT MAX(id) AS n FROM supervision_findings")
            #expect(try await t.get("/supervision?status=open", as: worker).body.contains("车棚线路老化"))
            // Three days on, not put right: escalated, and on the subdistrict worker's agenda, marked late.
            t.app.gongzhi.now = { Date(timeIntervalSince1970: Double(BeijingTime.midnight(today.adding(days: 3)) + 9 * 3600)) }
            let cadre = try await t.signIn("jiedao")
            #expect(try await t.get("/supervision?status=escalated", as: cadre).body.contains("车棚线路老化"))
            let home = try await t.get("/overview", as: cadre).body
            #expect(home.contains("督办：车棚线路老化") && home.contains("已逾期"))
            let late = try await t.signIn("tongxin")
            #expect(try await t.post("/supervision/\(finding)/rectify", ["rectification": "已更换线路"], as: late).status == .seeOther)
            #expect(try await t.get("/supervision?status=rectified", as: late).body.contains("已更换线路"))
            #expect(try await t.post("/supervision/\(finding)/rectify", ["rectification": "再改"], as: late).status == .conflict)
        }
    }
}
