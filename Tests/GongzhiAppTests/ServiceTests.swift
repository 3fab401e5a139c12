import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GongzhiService

/// 双报到 and 居民点单、党员接单: a member reports to their community and serves only once confirmed; a resident's wish is
/// claimed, delivered and confirmed, and the member's hours are written exactly once, never before the confirmation;
/// a quarter's record counts service by the day it was served; bad input is refused with nothing half-saved.
struct ServiceTests {
    /// The demo's member who signs in (`dangyuan`): in-service, living in 通信花园社区, not yet reported.
    static let member = "SELECT person_id AS n FROM users WHERE username = 'dangyuan'"

    /// Reports the demo member in (on their phone) and has the community confirm it.
    static func reportAndConfirm(_ t: TestApp, member: HTTPHeaders, worker: HTTPHeaders) async throws {
        let workplace = try await t.id("SELECT MIN(id) AS n FROM workplaces")
        let reported = try await t.post("/me/service/report", ["workplaceID": String(workplace), "intentions": "助老、邻里调解"], as: member)
        #expect(reported.status == .seeOther, "\(reported.body.prefix(600))")
        let report = try await t.id("SELECT id AS n FROM report_ins WHERE member_id = (\(Self.member))")
        #expect(try await t.post("/service/reports/\(report)/confirm", [:], as: worker).status == .seeOther)
    }

    @Test(arguments: TestDatabase.available) func aWishIsClaimedDeliveredConfirmedAndCountedOnce(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let member = try await t.signIn("dangyuan"), worker = try await t.signIn("tongxin"), resident = try await t.signIn("jumin")
            let memberID = try await t.id(Self.member)
            let placed = try await t.post("/me/needs", ["kind": "wish", "title": "请人帮忙修好家里的台灯", "detail": "开关坏了"], as: resident)
            #expect(placed.status == .seeOther, "\(placed.body.prefix(600))")
            let need = try await t.id("SELECT MAX(id) AS n FROM service_needs")

            // Nobody serves before the community confirms their report; a second report is refused.
            let early = try await t.post("/me/service/needs/\(need)/claim", [:], as: member)
            #expect(early.status == .conflict && early.body.contains("报到尚未经社区确认"), "\(early.status) \(early.body.prefix(300))")
            let workplace = try await t.id("SELECT MIN(id) AS n FROM workplaces")
            #expect(try await t.post("/me/service/report", ["workplaceID": String(workplace), "intentions": "助老"], as: member).status == .seeOther)
            let again = try await t.post("/me/service/report", ["workplaceID": String(workplace), "intentions": "助老"], as: member)
            #expect(again.status == .conflict && again.body.contains("不能重复报到"), "\(again.status)")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM report_ins WHERE member_id = \(memberID)") == 1)
            let report = try await t.id("SELECT id AS n FROM report_ins WHERE member_id = \(memberID)")
            #expect(try await t.post("/service/reports/\(report)/confirm", [:], as: worker).status == .seeOther)
            #expect(try await t.post("/service/reports/\(report)/confirm", [:], as: worker).status == .conflict, "decided once")

            // Another community's need is not theirs to see, let alone claim.
            let elsewhere = try await t.id("SELECT MIN(n.id) AS n FROM service_needs n JOIN places c ON n.path LIKE c.path || '%' WHERE c.name = '经纬社区' AND n.status = 'open'")
            #expect(try await t.post("/me/service/needs/\(elsewhere)/claim", [:], as: member).status == .forbidden)

            // The member sees the wish on their phone and claims it; it is then held.
            #expect(try await t.get("/me/service", as: member).body.contains("请人帮忙修好家里的台灯"))
            #expect(try await t.post("/me/service/needs/\(need)/claim", [:], as: member).status == .seeOther)
            #expect(try await t.post("/me/service/needs/\(need)/claim", [:], as: member).status == .conflict, "a need is held by one claim")
            let claim = try await t.id("SELECT MAX(id) AS n FROM service_claims")

            // Negative, absurd or missing hours are refused, and nothing changes.
            for hours in ["-2", "25", "0", "abc", ""] {
                let bad = try await t.post("/me/service/claims/\(claim)/deliver", ["hours": hours, "note": "修好了"], as: member)
                #expect(bad.status == .unprocessableEntity && bad.body.contains("服务时长"), "hours \(hours): \(bad.status)")
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_claims WHERE id = \(claim) AND status = 'claimed'") == 1)
            #expect(try await t.post("/me/service/claims/\(claim)/deliver", ["hours": "1.5", "note": "更换了开关"], as: member).status == .seeOther)

            // Delivered is not confirmed: no hours yet.
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_hours WHERE member_id = \(memberID)") == 0)
            #expect(try await t.get("/me/needs", as: resident).body.contains("确认已完成"))

            // Nobody confirms their own claim, under any of their accounts.
            let own = try await ServiceClaim.find(claim, on: t.app.db)!
            await #expect(throws: AppError.self) {
                try await ServiceDesk.confirm(own, author: Author(userID: 0, name: "本人", now: Date(), person: Person(kind: .partyMember, id: memberID)), on: t.app.db)
            }
            // A resident confirms only their own household's claims.
            let otherClaim = try await t.id("SELECT MIN(id) AS n FROM service_claims WHERE status = 'delivered' AND id <> \(claim)")
            #expect(try await t.post("/me/needs/claims/\(otherClaim)/confirm", [:], as: resident).status == .forbidden)

            let confirmed = try await t.post("/me/needs/claims/\(claim)/confirm", [:], as: resident)
            #expect(confirmed.status == .seeOther)
            #expect(try await t.scalar("SELECT CAST(SUM(minutes) AS BIGINT) AS n FROM service_hours WHERE member_id = \(memberID)") == 90)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_needs WHERE id = \(need) AND status = 'done'") == 1)
            // Confirming again, by the resident or the community, adds nothing.
            #expect(try await t.post("/me/needs/claims/\(claim)/confirm", [:], as: resident).status == .conflict)
            #expect(try await t.post("/service/claims/\(claim)/confirm", [:], as: worker).status == .conflict)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_hours WHERE member_id = \(memberID)") == 1)
            // Even past the desk, the database keeps one entry per service.
            await #expect(throws: (any Error).self) {
                try await t.app.db.sql.raw("INSERT INTO service_hours (member_id, source, minutes, served_on, community_id, path, what, confirmed_by, confirmed_at) SELECT member_id, source, minutes, served_on, community_id, path, what, confirmed_by, confirmed_at FROM service_hours WHERE member_id = \(unsafeRaw: String(memberID))").run()
            }
            #expect(try await t.get("/me/service", as: member).body.contains("1.5</strong>小时"))
        }
    }

    @Test func theQuarterRecordCountsServiceByTheDayServed() async throws {
        try await TestApp.with(.sqlite) { t in
            @Sendable func beijing(_ day: String, _ hour: Int, _ minute: Int) -> Date {
                Date(timeIntervalSince1970: Double(BeijingTime.midnight(CivilDate(yyyymmdd: day)!) + hour * 3600 + minute * 60))
            }
            t.app.gongzhi.now = { beijing("2026-12-31", 20, 0) }
            var worker = try await t.signIn("tongxin"), member = try await t.signIn("dangyuan")
            try await Self.reportAndConfirm(t, member: member, worker: worker)
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            for (title, day, start, end) in [("跨年夜平安巡逻", "2026-12-31", "21:00", "23:00"), ("新年第一天环境整治", "2027-01-01", "09:00", "11:00")] {
                let opened = try await t.post("/service/activities", ["communityID": String(community), "kind": "volunteer", "title": title, "venue": "党群服务中心",
                                                                     "day": day, "start": start, "end": end, "capacity": "0", "detail": ""], as: worker)
                #expect(opened.status == .seeOther, "\(opened.body.prefix(800))")
                let activity = try await t.id("SELECT MAX(id) AS n FROM service_activities")
                #expect(try await t.post("/me/service/activities/\(activity)/sign-up", [:], as: member).status == .seeOther)
            }
            let (q4, q1) = (try await t.id("SELECT id AS n FROM service_activities WHERE title = '跨年夜平安巡逻'"),
                            try await t.id("SELECT id AS n FROM service_activities WHERE title = '新年第一天环境整治'"))
            let signUp = { (activity: Int) in try await t.id("SELECT id AS n FROM service_sign_ups WHERE activity_id = \(activity)") }
            // No check-in before the activity starts.
            let tooEarly = try await t.post("/service/activities/\(q4)/check-ins", ["signUpID": String(try await signUp(q4)), "hours": ""], as: worker)
            #expect(tooEarly.status == .conflict && tooEarly.body.contains("开始后才能签到"), "\(tooEarly.status) \(tooEarly.body.prefix(300))")

            t.app.gongzhi.now = { beijing("2026-12-31", 23, 30) }
            worker = try await t.signIn("tongxin")
            #expect(try await t.post("/service/activities/\(q4)/check-ins", ["signUpID": String(try await signUp(q4)), "hours": ""], as: worker).status == .seeOther)
            #expect(try await t.post("/service/activities/\(q4)/check-ins", ["signUpID": String(try await signUp(q4)), "hours": "2"], as: worker).status == .conflict, "once")
            t.app.gongzhi.now = { beijing("2027-01-01", 10, 30) }
            worker = try await t.signIn("tongxin"); member = try await t.signIn("dangyuan")
            #expect(try await t.post("/service/activities/\(q1)/check-ins", ["signUpID": String(try await signUp(q1)), "hours": "1.5"], as: worker).status == .seeOther)

            let memberID = try await t.id(Self.member)
            let scope = PlaceScope(paths: ["/"])
            let december = try await QuarterRecord.load(scope, quarter: Quarter("2026Q4")!, memberID: memberID, on: t.app.db).first
            let january = try await QuarterRecord.load(scope, quarter: Quarter("2027Q1")!, memberID: memberID, on: t.app.db).first
            #expect(december?.minutes == 120 && december?.activities == 1, "the default is the activity's length, on the day it was served")
            #expect(january?.minutes == 90 && january?.activities == 1)

            // The letter and the workplace's workbook say the same.
            let letter = try await t.get("/service/records/\(memberID)/letter?quarter=2026Q4", as: worker)
            #expect(letter.status == .ok && letter.body.contains("服务时长<strong>2</strong>小时") && letter.body.contains("跨年夜平安巡逻"), "\(letter.body.prefix(300))")
            #expect(try await t.post("/service/records/\(memberID)/remark", ["quarter": "2026Q4", "remark": "积极参加社区活动"], as: worker).status == .seeOther)
            let workplace = try await t.id("SELECT workplace_id AS n FROM report_ins WHERE member_id = \(memberID)")
            var workbook = Data()
            try await t.app.testing().test(.GET, "/service/workplaces/\(workplace)/records.xlsx?quarter=2026Q4", headers: worker) { res in
                #expect(res.status == .ok); workbook = Data(buffer: res.body)
            }
            let row = try XLSXReader.worksheet(workbook).rows.first { $0[2] == "2" && $0[5] == "积极参加社区活动" }
            #expect(row != nil, "the member's row: 2 hours and the remark")
            #expect(try await t.get("/service/records?quarter=2026Q5", as: worker).status == .badRequest)
            #expect(try await t.get("/me/service", as: member).body.contains("2027年第一季度"))
        }
    }

    @Test func aNeedMatchedWithAResourceBecomesAProjectAndBadDatesAreRefused() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let inTongxin = { (table: String, status: String) in
                "SELECT MIN(t.id) AS n FROM \(table) t JOIN places c ON t.path LIKE c.path || '%' WHERE c.name = '通信花园社区' AND t.status = '\(status)'"
            }
            let need = try await t.id(inTongxin("service_needs", "open"))
            let resource = try await t.id(inTongxin("service_resources", "idle"))
            let form = ["needID": String(need), "resourceID": String(resource), "title": "周末四点半课堂", "agreement": "单位开放会议室，党员志愿者辅导作业。",
                        "agreedOn": "2026-12-01", "endsOn": "2026-11-01", "milestones": "2026-12-10 开课"]
            let backwards = try await t.post("/service/projects", form, as: worker)
            #expect(backwards.status == .unprocessableEntity && backwards.body.contains("早于签订日期"), "\(backwards.status)")
            var early = form; early["endsOn"] = ""; early["milestones"] = "2026-11-20 开课"
            #expect(try await t.post("/service/projects", early, as: worker).status == .unprocessableEntity)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_projects WHERE title = '周末四点半课堂'") == 0, "nothing half-saved")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_needs WHERE id = \(need) AND status = 'open'") == 1)

            var good = form; good["endsOn"] = "2027-12-31"
            let matched = try await t.post("/service/projects", good, as: worker)
            #expect(matched.status == .seeOther)
            let project = try await t.id("SELECT MAX(id) AS n FROM service_projects")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_resources WHERE id = \(resource) AND status = 'matched'") == 1)
            #expect(try await t.post("/service/projects", good, as: worker).status == .unprocessableEntity, "a need is matched once")
            let today = BeijingTime.day(of: t.app.gongzhi.now()).description
            #expect(try await t.post("/service/projects/\(project)/progress", ["result": "每周六开课，已辅导30人次", "day": today], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_needs WHERE id = \(need) AND status = 'done'") == 1)
            #expect(try await t.get("/service/projects/\(project)", as: worker).body.contains("每周六开课"))
        }
    }

    /// The figures by community add up to the subdistrict's, and the demo's highlight counts the records.
    @Test func figuresRollUpFromTheCommunities() async throws {
        try await TestApp.with(.sqlite) { t in
            let all = try await ServiceFigures.load(PlaceScope(paths: ["/"]), quarter: Quarter(containing: .todayInBeijing), on: t.app.db)
            #expect(all.rows.count == 10)
            #expect(all.total.reported == all.rows.reduce(0) { $0 + $1.counts.reported })
            #expect(all.total.reported == (try await t.scalar("SELECT COUNT(*) AS n FROM report_ins r JOIN party_members m ON m.id = r.member_id WHERE r.status = 'confirmed' AND m.category = 'inService'")))
            #expect(all.total.inService == (try await t.scalar("SELECT COUNT(*) AS n FROM party_members WHERE category = 'inService'")))
            let tongxin = all.rows.first { $0.community.name == "通信花园社区" }!
            let alone = try await ServiceFigures.load(PlaceScope(paths: [tongxin.community.path]), quarter: all.quarter, on: t.app.db)
            #expect(alone.total.reported == tongxin.counts.reported && alone.total.done == tongxin.counts.done && alone.total.minutes == tongxin.counts.minutes)
            let page = try await t.get("/service", as: try await t.signIn("jiedao")).body
            #expect(page.contains("已有\(all.total.reported.formatted())名到居住地社区报到"))
        }
    }
}

/// A unit's contact serves from their phone: the unit claims a need of its community and says it is done; the
/// resident confirms; a unit's claim adds no member's hours but counts in the unit's yearly evaluation.
struct UnitServiceTests {
    @Test func aUnitClaimsAndItsClaimCountsForTheUnit() async throws {
        try await TestApp.with(.sqlite) { t in
            let unit = try await t.signIn("danwei"), resident = try await t.signIn("jumin")
            let unitID = try await t.id("SELECT person_id AS n FROM users WHERE username = 'danwei'")
            #expect(try await t.get("/me/service", as: unit).body.contains("已报到"), "every resident unit reported in the demo")
            #expect(try await t.post("/me/needs", ["kind": "need", "title": "单元门口需要一个无障碍坡道", "detail": ""], as: resident).status == .seeOther)
            let need = try await t.id("SELECT MAX(id) AS n FROM service_needs")
            #expect(try await t.post("/me/service/needs/\(need)/claim", [:], as: unit).status == .seeOther)
            let claim = try await t.id("SELECT MAX(id) AS n FROM service_claims WHERE organization_id = \(unitID)")
            #expect(try await t.post("/me/service/claims/\(claim)/deliver", ["hours": "6", "note": "已安装坡道"], as: unit).status == .seeOther)
            let hoursBefore = try await t.scalar("SELECT COUNT(*) AS n FROM service_hours")
            #expect(try await t.post("/me/needs/claims/\(claim)/confirm", [:], as: resident).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_hours") == hoursBefore, "a unit's service is not a member's hours")
            let year = BeijingTime.day(of: t.app.gongzhi.now()).year
            let record = try await ServiceDirectory.unitYears(organizationIDs: [unitID], year: year, on: t.app.db)[unitID]
            #expect(record?.claimsConfirmed == 1)
            // The unit offers a resource from the phone; it shows in the list as idle.
            #expect(try await t.post("/me/service/resources", ["kind": "space", "title": "一楼大厅", "availability": "工作日晚上", "detail": ""], as: unit).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM service_resources WHERE organization_id = \(unitID) AND title = '一楼大厅' AND status = 'idle'") == 1)
        }
    }
}
