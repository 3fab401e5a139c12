import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GongzhiCoBuilding

/// Co-building run in the browser: an agreement made with a unit, amended (the old terms kept) and ended, never
/// ending before it starts; a joint meeting counts 应到 from the committee's members and its resolutions go into the
/// needs list; letters are drafted from the records they cite; the yearly evaluation counts the records.
struct CoBuildingTests {
    @Test(arguments: TestDatabase.available) func anAgreementIsMadeAmendedAndEnded(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let unit = try await t.id("SELECT MIN(o.id) AS n FROM organizations o JOIN places c ON o.path LIKE c.path || '%' WHERE c.name = '通信花园社区' AND o.kind = 'residentUnit'")
            let today = BeijingTime.day(of: t.app.gongzhi.now())
            var form = ["organizationID": String(unit), "title": "共建四点半课堂协议", "content": "单位每周开放会议室两次。",
                        "signedOn": today.adding(days: -10).description, "endsOn": today.adding(days: -20).description]
            let backwards = try await t.post("/co-building/agreements", form, as: worker)
            #expect(backwards.status == .unprocessableEntity && backwards.body.contains("早于签订日期"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM co_building_agreements WHERE title = '共建四点半课堂协议'") == 0, "nothing half-saved")
            let outside = try await t.id("SELECT MIN(o.id) AS n FROM organizations o JOIN places c ON o.path LIKE c.path || '%' WHERE c.name = '经纬社区'")
            form["organizationID"] = String(outside); form["endsOn"] = ""
            #expect(try await t.post("/co-building/agreements", form, as: worker).status == .unprocessableEntity, "a unit outside one's places")
            form["organizationID"] = String(unit); form["endsOn"] = today.adding(days: 365).description
            #expect(try await t.post("/co-building/agreements", form, as: worker).status == .seeOther)
            let agreement = try await t.id("SELECT MAX(id) AS n FROM co_building_agreements")

            let amended = try await t.post("/co-building/agreements/\(agreement)/amend", ["content": "单位每周开放会议室三次。", "endsOn": form["endsOn"]!, "note": "居民需求增加"], as: worker)
            #expect(amended.status == .seeOther)
            let page = try await t.get("/co-building/agreements/\(agreement)", as: worker).body
            #expect(page.contains("每周开放会议室三次") && page.contains("原：单位每周开放会议室两次") && page.contains("居民需求增加"))
            let early = try await t.post("/co-building/agreements/\(agreement)/end", ["endedOn": today.adding(days: -30).description, "reason": "单位搬迁"], as: worker)
            #expect(early.status == .unprocessableEntity && early.body.contains("早于签订日期"))
            #expect(try await t.post("/co-building/agreements/\(agreement)/end", ["endedOn": today.description, "reason": "单位搬迁"], as: worker).status == .seeOther)
            #expect(try await t.post("/co-building/agreements/\(agreement)/amend", ["content": "再改", "endsOn": "", "note": "x"], as: worker).status == .conflict)
            #expect(try await t.get("/co-building/agreements/\(agreement)", as: worker).body.contains("已于\(today)终止"))
        }
    }

    @Test func aJointMeetingCountsItsMembersAndItsResolutionsBecomeNeeds() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let committee = try await t.id("SELECT p.id AS n FROM party_organizations p WHERE p.kind = 'communityRegionalCommittee' AND p.name LIKE '通信花园社区%'")
            let members = try await t.app.db.sql.raw("SELECT organization_id AS n FROM committee_members WHERE committee_id = \(bind: committee) ORDER BY organization_id")
                .all(decoding: Row.self).map(\.n)
            #expect(members.count >= 2)
            let stranger = try await t.id("SELECT MIN(id) AS n FROM organizations WHERE id NOT IN (SELECT organization_id FROM committee_members WHERE committee_id = \(committee))")
            func record(_ attendees: [Int]) async throws -> TestApp.Answer {
                let fields = [("committeeID", String(committee)), ("heldOn", BeijingTime.day(of: t.app.gongzhi.now()).description), ("agenda", "研究助餐点选址"),
                              ("minutes", "与会单位同意在社区服务中心设点。"), ("resolutions", "开设社区助餐点\n组织党员志愿者送餐"), ("toNeeds", "yes")]
                    + attendees.map { ("attendeeIDs[]", String($0)) }
                return try await t.post("/co-building/meetings", pairs: fields, as: worker)
            }
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM joint_meetings")
            let wrong = try await record([members[0], stranger])
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("须是"), "\(wrong.status)")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM joint_meetings") == before)
            #expect(try await record(Array(members.dropFirst())).status == .seeOther)
            let meeting = try await t.id("SELECT MAX(id) AS n FROM joint_meetings")
            #expect(try await t.scalar("SELECT due AS n FROM joint_meetings WHERE id = \(meeting)") == members.count)
            let page = try await t.get("/co-building/meetings/\(meeting)", as: worker).body
            #expect(page.contains("应到\(members.count)家，实到\(members.count - 1)家") && page.contains("缺席"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM meeting_resolutions r JOIN service_needs n ON n.id = r.need_id WHERE r.meeting_id = \(meeting) AND n.status = 'open'") == 2)
        }
    }

    @Test func lettersAreDraftedFromTheRecordsAndTheEvaluationCountsThem() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            let committee = try await t.id("SELECT id AS n FROM party_organizations WHERE kind = 'communityRegionalCommittee' AND name LIKE '经纬社区%'")
            let unit = try await t.id("SELECT id AS n FROM organizations WHERE name = '河南省省直干休所'")
            let draft = try await t.get("/co-building/letters?kind=thanks&committee=\(committee)&organization=\(unit)", as: worker).body
            #expect(draft.contains("致河南省省直干休所的感谢信") && draft.contains("经纬天地"), "the thank-you cites the project completed")
            let saved = try await t.post("/co-building/letters", ["kind": "thanks", "committeeID": String(committee), "organizationID": String(unit),
                                                                  "title": "致河南省省直干休所的感谢信", "body": "感谢贵单位。", "dated": "2026-12-01"], as: worker)
            #expect(saved.status == .seeOther)
            let noUnit = try await t.post("/co-building/letters", ["kind": "letter", "committeeID": String(committee), "title": "函", "body": "正文", "dated": "2026-12-01"], as: worker)
            #expect(noUnit.status == .unprocessableEntity && noUnit.body.contains("请选择收信的成员单位"))

            // The project was completed in the year the demo dates it: the unit's evaluation that year counts it.
            let year = try await t.scalar("SELECT CAST(substr(completed_on, 1, 4) AS INTEGER) AS n FROM service_projects WHERE title = '“经纬天地”街边游园'")
            let rows = try await UnitEvaluations.load(PlaceScope(paths: ["/"]), year: year, on: t.app.db)
            let row = rows.first { $0.unit == "河南省省直干休所" }
            #expect(row?.record.projectsCompleted == 1)
            #expect(row.map { $0.score == UnitEvaluation.score($0.record) } == true)
            let page = try await t.get("/co-building/evaluation?year=\(year)", as: worker).body
            #expect(page.contains("计分办法") && page.contains("河南省省直干休所"))
            #expect(try await t.get("/co-building/evaluation?year=1800", as: worker).status == .badRequest)
        }
    }
}

private struct Row: Decodable { let n: Int }

/// 楼宇党建: the office building's party organisations take the months in turn, a held month is recorded within its
/// month, and two months to come swap hosts.
struct TowerRotaTests {
    @Test func theBuildingsOrganisationsHostInTurnAndSwap() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let tower = try await t.id("SELECT id AS n FROM places WHERE kind = 'building' AND name = '河南合作大厦'")
            #expect(try await t.get("/co-building/towers", as: worker).body.contains("河南合作大厦"))
            let year = BeijingTime.day(of: t.app.gongzhi.now()).year + 1
            #expect(try await t.post("/co-building/towers/\(tower)/rota", ["year": String(year)], as: worker).status == .seeOther)
            #expect(try await t.post("/co-building/towers/\(tower)/rota", ["year": String(year)], as: worker).status == .conflict, "generated once")
            struct Month: Decodable { let id: Int; let month: Int; let host_id: Int }
            let months = try await t.app.db.sql.raw("SELECT id, month, host_id FROM tower_rota WHERE building_id = \(bind: tower) AND year = \(bind: year) ORDER BY month").all(decoding: Month.self)
            #expect(months.count == 12)
            let hosts = Array(Set(months.map(\.host_id))).count
            #expect(hosts == 3, "the three two-new party organisations of the building")
            #expect(zip(months, months.dropFirst(hosts)).allSatisfy { $0.host_id == $1.host_id } && months[0].host_id != months[1].host_id, "each in turn")
            // This year's December host is followed by the next one in January.
            let december = try await t.scalar("SELECT host_id AS n FROM tower_rota WHERE building_id = \(tower) AND year = \(year - 1) AND month = 12")
            #expect(months[0].host_id != december)

            let outside = try await t.post("/co-building/towers/\(tower)/months", ["monthID": String(months[2].id), "heldOn": "\(year)-04-10", "topic": "主题党日", "present": "9"], as: worker)
            #expect(outside.status == .unprocessableEntity && outside.body.contains("应在\(year)年3月内"))
            let swapped = try await t.post("/co-building/towers/\(tower)/swap", ["monthID": String(months[4].id), "otherID": String(months[5].id), "reason": "承办单位搬家"], as: worker)
            #expect(swapped.status == .seeOther)
            #expect(try await t.scalar("SELECT host_id AS n FROM tower_rota WHERE id = \(months[4].id)") == months[5].host_id)
            #expect(try await t.get("/co-building/towers/\(tower)?year=\(year)", as: worker).body.contains("与6月互换：承办单位搬家"))
        }
    }
}
