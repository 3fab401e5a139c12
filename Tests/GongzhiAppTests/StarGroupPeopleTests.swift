import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Star groups with their people: the 1+3+N roles filled from the registry (the leader a party member, someone
/// living elsewhere only when confirmed), a sign-in for the leader that lands on their group, the leader's
/// self-check that moves nothing until the community confirms it, appraisals by the three criteria.
struct StarGroupPeopleTests {
    /// The demo leader's group (the building of `louzu`).
    static func leadersGroup(_ t: TestApp) async throws -> Int {
        try await t.id("SELECT g.id AS n FROM building_groups g JOIN user_roles r ON r.place_path = g.path JOIN users u ON u.id = r.user_id WHERE u.username = 'louzu'")
    }

    static func standing(_ t: TestApp, group: Int) async throws -> Int {
        try await t.scalar("SELECT stars AS n FROM star_inspections WHERE building_group_id = \(group) AND status = 'confirmed' ORDER BY inspected_on DESC, id DESC LIMIT 1")
    }

    @Test(arguments: TestDatabase.available) func aSelfCheckCountsOnlyOnceConfirmed(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let leader = try await t.signIn("louzu"), worker = try await t.signIn("tongxin")
            let group = try await Self.leadersGroup(t)
            // The leader lands on their group, with the month's self-check to do.
            #expect(try await t.get("/", as: leader).status == .seeOther)
            var phone = try await t.get("/me/group", as: leader).body
            #expect(phone.contains("三净三有自查") && phone.contains("上次自查被退回"))
            let before = try await Self.standing(t, group: group)
            let rateBefore = try await t.get("/star-groups", as: worker).body
            let ticks = ["groundClean": "on", "wallsClean": "on", "doorsWindowsClean": "on", "hasCulture": "on", "hasActivities": "on", "hasServices": "on",
                         "inspectedOn": BeijingTime.day(of: t.app.gongzhi.now()).description]
            // A photo is required; a renamed text file is not one.
            let bare = try await t.postMultipart("/me/group/\(group)/checks", fields: ticks, files: [], as: leader)
            #expect(bare.status == .unprocessableEntity && bare.body.contains("自查请附一张现场照片"))
            let fake = try await t.postMultipart("/me/group/\(group)/checks", fields: ticks, files: [("photo", Data("GIF89a? no".utf8), "楼道.jpg")], as: leader)
            #expect(fake.status == .unprocessableEntity && fake.body.contains("楼道.jpg"))
            let sent = try await t.postMultipart("/me/group/\(group)/checks", fields: ticks, files: [("photo", PhotoTests.phoneJPEG, "楼道.jpg")], as: leader)
            #expect(sent.status == .seeOther)
            // Submitted, the star level has not moved: not on the group, not in the rate.
            #expect(try await Self.standing(t, group: group) == before)
            #expect(try await t.get("/star-groups", as: worker).body.components(separatedBy: "达标率").count == rateBefore.components(separatedBy: "达标率").count)
            phone = try await t.get("/me/group", as: leader).body
            #expect(phone.contains("等待社区确认") && !phone.contains("提交自查"))
            let again = try await t.postMultipart("/me/group/\(group)/checks", fields: ticks, files: [("photo", PhotoTests.phoneJPEG, "楼道.jpg")], as: leader)
            #expect(again.status == .unprocessableEntity && again.body.contains("还在等社区确认"))
            // The worker sees it waiting on their agenda and the group's page, and confirms: now it counts, five stars.
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            #expect(try await t.get("/places/\(community)", as: worker).body.contains("个楼组自查待确认"))
            let check = try await t.id("SELECT MAX(id) AS n FROM star_inspections WHERE status = 'pending'")
            #expect(try await t.get("/star-groups/\(group)", as: worker).body.contains("待确认的楼组自查"))
            #expect(try await t.post("/star-checks/\(check)/confirm", [:], as: leader).status == .forbidden)
            #expect(try await t.post("/star-checks/\(check)/confirm", [:], as: worker).status == .seeOther)
            #expect(try await Self.standing(t, group: group) == 5)
            #expect(try await t.post("/star-checks/\(check)/return", ["reason": "再看看"], as: worker).status == .conflict)
            // Its photo was kept without the phone's position.
            struct Stored: Decodable { let bytes: Data }
            let stored = try await t.app.db.sql.raw("SELECT bytes FROM photos WHERE module = 'star-groups' AND record_id = \(bind: check)").first(decoding: Stored.self)!.bytes
            #expect(!Array(stored).contains(sequence: Array("PhoneMaker".utf8)))
        }
    }

    @Test(arguments: TestDatabase.available) func rolesGoToTheRightPeople(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            // A group of 通信花园社区 with no one yet, with a party member and a non-member living in it.
            struct Row: Decodable { let group: Int; let member: Int; let other: Int }
            let found = try await t.app.db.sql.raw("""
                SELECT g.id AS "group", MIN(m.resident_id) AS member, MIN(r.id) AS other FROM building_groups g
                JOIN places c ON g.path LIKE c.path || '%' JOIN party_members m ON m.path LIKE g.path || '%' AND m.resident_id IS NOT NULL
                JOIN residents r ON r.path LIKE g.path || '%' AND r.id NOT IN (SELECT resident_id FROM party_members WHERE resident_id IS NOT NULL) AND r.birth_date < '2000-01-01'
                WHERE c.name = '通信花园社区' AND g.id NOT IN (SELECT building_group_id FROM building_group_roles)
                GROUP BY g.id ORDER BY g.id LIMIT 1
                """).first(decoding: Row.self)!
            let page = "/star-groups/\(found.group)"
            #expect(try await t.get(page, as: worker).body.contains("空缺：楼组党小组长（楼组长）、楼栋管理员、单元管理员、楼层管理员、志愿服务队"))
            let notMember = try await t.post("\(page)/roles", ["kind": "leader", "residentID": String(found.other)], as: worker)
            #expect(notMember.status == .unprocessableEntity && notMember.body.contains("不是党员"))
            #expect(try await t.post("\(page)/roles", ["kind": "leader", "residentID": String(found.member)], as: worker).status == .seeOther)
            let second = try await t.post("\(page)/roles", ["kind": "leader", "residentID": String(found.member)], as: worker)
            #expect(second.status == .conflict || second.body.contains("已有楼组长"))
            // Someone from another building of the community: warned, then confirmed.
            let outsider = try await t.id("""
                SELECT MIN(r.id) AS n FROM residents r JOIN places c ON r.path LIKE c.path || '%' JOIN building_groups g ON g.id = \(found.group)
                WHERE c.name = '通信花园社区' AND r.path NOT LIKE g.path || '%' AND r.birth_date < '2000-01-01'
                """)
            let warned = try await t.post("\(page)/roles", ["kind": "buildingManager", "residentID": String(outsider)], as: worker)
            #expect(warned.status == .unprocessableEntity && warned.body.contains("不住在本楼组的楼栋内") && warned.body.contains("确认由楼组外居民担任"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM building_group_roles WHERE building_group_id = \(found.group)") == 1, "nothing half-saved")
            #expect(try await t.post("\(page)/roles", ["kind": "buildingManager", "residentID": String(outsider), "confirmElsewhere": "yes"], as: worker).status == .seeOther)
            #expect(try await t.get(page, as: worker).body.contains("楼组外居民"))
            // A resident of another community is out of the worker's reach.
            let far = try await t.id(ScopeTests.residentIn("经纬社区"))
            #expect(try await t.post("\(page)/roles", ["kind": "floorManager", "residentID": String(far), "confirmElsewhere": "yes"], as: worker).status == .unprocessableEntity)

            // The leader gets a sign-in: a slip with a one-time code, an account that lands on the group.
            let role = try await t.id("SELECT id AS n FROM building_group_roles WHERE building_group_id = \(found.group) AND kind = 'leader'")
            let slip = try await t.post("/star-group-roles/\(role)/sign-up-code", [:], as: worker)
            let code = try #require(PeopleAccountsTests.slipCode(slip.body))
            let form = try await t.anonymousForm("/signup")
            let made = try await t.post("/signup", ["code": code, "username": "lzz-\(role)", "password": "Louzu-Lead-2026", "confirm": "Louzu-Lead-2026", "_csrf": form.token], as: form.headers)
            #expect(made.status == .seeOther)
            let leader = try await t.signIn("lzz-\(role)", password: "Louzu-Lead-2026")
            let home = try await t.get("/", as: leader)
            #expect(home.status == .seeOther)
            #expect(try await t.get("/me/group", as: leader).body.contains("group-\(found.group)"))
            #expect(try await t.get("/star-groups/\(try await Self.leadersGroup(t))", as: leader).status == .forbidden)
            // Dismissed, the sign-in stops.
            #expect(try await t.post("/star-group-roles/\(role)/dismiss", [:], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM users WHERE username = 'lzz-\(role)' AND active = \(t.app.db.isPostgres ? "true" : "1")") == 0)
        }
    }

    @Test func appraisalsFollowTheThreeCriteria() async throws {
        try await TestApp.with(.sqlite) { t in
            let leader = try await t.signIn("louzu")
            let group = try await Self.leadersGroup(t)
            let dwelling = try await t.id("SELECT MIN(h.dwelling_id) AS n FROM households h JOIN building_groups g ON h.path LIKE g.path || '%' WHERE g.id = \(group)")
            let building = try await t.id("SELECT place_id AS n FROM building_groups WHERE id = \(group)")
            let wrong = try await t.post("/star-groups/\(group)/appraisals", ["placeID": String(building), "round": "2027年上半年", "appraisalKind": "balcony"], as: leader)
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("文明凉台评的是住户"))
            #expect(try await t.post("/star-groups/\(group)/appraisals", ["placeID": String(dwelling), "round": "2027年上半年", "appraisalKind": "balcony",
                                                                          "noProtrusion": "on", "noClutter": "on"], as: leader).status == .seeOther)
            let twice = try await t.post("/star-groups/\(group)/appraisals", ["placeID": String(dwelling), "round": "2027年上半年", "appraisalKind": "balcony"], as: leader)
            #expect(twice.body.contains("已评过文明凉台"))
            let page = try await t.get("/star-groups/\(group)", as: leader).body
            #expect(page.contains("2027年上半年") && page.contains("扯挂1户"))
        }
    }
}
