import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// Editing a resident validates every field, names what is wrong, and leaves the record as it was on failure.
struct ResidentEditTests {
    @Test(arguments: TestDatabase.available)
    func editValidatesAndSaves(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("tongxin")
            let id = try await t.id(ScopeTests.residentIn("通信花园社区"))
            struct Row: Decodable { let name: String; let id_masked: String }
            let before = try await t.app.db.sql.raw("SELECT name, id_masked FROM residents WHERE id = \(unsafeRaw: String(id))").first(decoding: Row.self)!

            #expect(!(try await t.get("/residents/\(id)/edit", as: cookie).body.contains("请按提示修改")), "no alert on a form not yet sent")
            try await t.app.testing().test(.POST, "/residents/\(id)", headers: cookie, beforeRequest: { req in
                try req.content.encode(["name": "新名字", "idNumber": "110105194912310021", "residency": "registered", "phone": "12", "version": "1"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("未保存：请按提示修改标红的项目"))
                #expect(res.body.string.contains("校验位错误"))
                #expect(res.body.string.contains("不是有效的手机或固定电话号码"))
            }
            let unchanged = try await t.app.db.sql.raw("SELECT name, id_masked FROM residents WHERE id = \(unsafeRaw: String(id))").first(decoding: Row.self)!
            #expect(unchanged.name == before.name && unchanged.id_masked == before.id_masked)

            try await t.app.testing().test(.POST, "/residents/\(id)", headers: cookie, beforeRequest: { req in
                try req.content.encode(["name": "新名字", "idNumber": "", "residency": "floating", "tags[]": "lowIncome", "version": "1"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            let page = try await t.get("/residents/\(id)", as: cookie)
            #expect(page.body.contains("新名字") && page.body.contains("流动") && page.body.contains("低保") && page.body.contains(before.id_masked))
        }
    }

    @Test func malformedJSONIsRefusedClearly() async throws {
        try await TestApp.with(.sqlite) { t in
            let cookie = try await t.signIn("jiedao")
            let id = try await t.id("SELECT id AS n FROM residents ORDER BY id LIMIT 1")
            var headers = cookie
            headers.contentType = .json
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(id)", headers: headers, body: ByteBuffer(string: "{\"name\": ")) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("请求格式错误"))
                #expect(!res.body.string.contains("Swift"))
            }
        }
    }

    /// An empty instance sets up its subdistrict and three separate administrators; the first worker then gets an
    /// account from the system administrator and a role from the security administrator.
    @Test func emptyInstanceSetsUpThreeAdministrators() async throws {
        try await TestApp.with(.sqlite, demo: nil) { t in
            try await t.app.testing().test(.GET, "/") { res in #expect(res.headers.first(name: .location) == "/setup") }
            let browser = try await t.anonymousForm("/setup")
            let form = ["subdistrictName": "测试街道", "subdistrictCode": "410105004001", "areaKm2": "2.5", "_csrf": browser.token,
                        "systemUsername": "chief", "systemName": "主任", "systemPassword": "Long-enough-1",
                        "securityUsername": "guard", "securityName": "安全员", "securityPassword": "Long-enough-2",
                        "auditUsername": "chief", "auditName": "审计员", "auditPassword": "short"]
            try await t.app.testing().test(.POST, "/setup", headers: browser.headers, beforeRequest: { req in try req.content.encode(form, as: .urlEncodedForm) }) { res in
                #expect(res.status == .unprocessableEntity)
                for message in ["末三位应为000", "不同的用户名", "密码至少8位"] { #expect(res.body.string.contains(message), "\(message)") }
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM users") == 0, "nothing written")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places") == 0, "nothing written")
            var good = form
            good["subdistrictCode"] = "410105004000"; good["auditUsername"] = "checker"; good["auditPassword"] = "Long-enough-3"
            try await t.app.testing().test(.POST, "/setup", headers: browser.headers, beforeRequest: { req in try req.content.encode(good, as: .urlEncodedForm) }) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account/totp")
            }
            try await t.app.testing().test(.GET, "/setup") { res in #expect(res.status == .seeOther) }
            // The party tree starts with the subdistrict's working committee, so the first branches have a parent.
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations WHERE kind = 'subdistrictWorkingCommittee' AND name = '测试街道党工委'") == 1)

            let chief = try await t.signInAdministrator("chief", password: "Long-enough-1")
            #expect(try await t.get("/overview", as: chief).status == .forbidden, "the system administrator sees no business records")
            try await t.app.testing().test(.POST, "/users", headers: chief, beforeRequest: { req in
                try req.content.encode(["username": "worker", "displayName": "街道干部", "password": "Start-2026-x"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            let guardian = try await t.signInAdministrator("guard", password: "Long-enough-2")
            let worker = try await t.id("SELECT id AS n FROM users WHERE username = 'worker'")
            let root = try await t.id("SELECT id AS n FROM places WHERE kind = 'subdistrict'")
            try await t.app.testing().test(.POST, "/roles", headers: guardian, beforeRequest: { req in
                try req.content.encode(["userID": String(worker), "role": "subdistrictWorker", "placeID": String(root)], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }

            let cookie = try await t.signIn("worker", password: "Start-2026-x")
            try await t.app.testing().test(.POST, "/account/password", headers: cookie, beforeRequest: { req in
                try req.content.encode(["current": "Start-2026-x", "password": "Own-choice-26", "confirm": "Own-choice-26"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/overview", as: cookie).body.contains("街道辖区面积2.5平方公里，下辖0个社区"))
        }
    }
}

/// 三员分立: the system administrator makes accounts, the security administrator grants roles at places, nobody grants
/// themselves, and administrators hold no business roles.
struct UsersTests {
    @Test func accountsAndRolesAreSeparateDuties() async throws {
        try await TestApp.with(.sqlite) { t in
            let admin = try await t.signInAdministrator("admin")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '经纬社区'")
            let form = ["username": "jingwei", "displayName": "经纬干部", "password": "short"]
            try await t.app.testing().test(.POST, "/users", headers: admin, beforeRequest: { req in try req.content.encode(form, as: .urlEncodedForm) }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("密码至少8位") && res.body.string.contains("至少3类"))
            }
            var good = form
            good["password"] = "Jw-2026-start"
            try await t.app.testing().test(.POST, "/users", headers: admin, beforeRequest: { req in try req.content.encode(good, as: .urlEncodedForm) }) { res in
                #expect(res.status == .seeOther)
            }
            // The system administrator cannot grant roles; the security administrator can, but not to themselves.
            let newUser = try await t.id("SELECT id AS n FROM users WHERE username = 'jingwei'")
            let anquan = try await t.id("SELECT id AS n FROM users WHERE username = 'anquan'")
            let grant = { (user: Int, role: String) in ["userID": String(user), "role": role, "placeID": String(community)] }
            try await t.app.testing().test(.POST, "/roles", headers: admin, beforeRequest: { req in
                try req.content.encode(grant(newUser, "communityWorker"), as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
            let security = try await t.signInAdministrator("anquan")
            try await t.app.testing().test(.POST, "/roles", headers: security, beforeRequest: { req in
                try req.content.encode(grant(anquan, "auditAdministrator"), as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("不能为自己授予")) }
            try await t.app.testing().test(.POST, "/roles", headers: security, beforeRequest: { req in
                try req.content.encode(grant(newUser, "communityWorker"), as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            try await t.app.testing().test(.POST, "/roles", headers: security, beforeRequest: { req in
                try req.content.encode(grant(newUser, "auditAdministrator"), as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("三员分立")) }

            // The password an administrator chose must be changed before anything else opens.
            let worker = try await t.signIn("jingwei", password: "Jw-2026-start")
            #expect(try await t.get("/places/\(community)", as: worker).status == .seeOther)
            try await t.app.testing().test(.POST, "/account/password", headers: worker, beforeRequest: { req in
                try req.content.encode(["current": "Jw-2026-start", "password": "Mine-2026-own", "confirm": "Mine-2026-own"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/places/\(community)", as: worker).status == .ok)
            #expect(try await t.get("/users", as: worker).status == .forbidden)
            #expect(try await t.get("/roles", as: admin).status == .forbidden)
            #expect(try await t.get("/users", as: admin).body.contains("社区工作人员（经纬社区）"))
        }
    }
}

/// A resident becomes a party member without typing their name or numbers again; the counts follow.
struct EnrolmentTests {
    @Test(arguments: TestDatabase.available)
    func residentIsEnrolledOnce(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("tongxin")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let resident = try await t.id("""
                SELECT r.id AS n FROM residents r JOIN places p ON r.path >= p.path AND r.path < SUBSTR(p.path, 1, LENGTH(p.path) - 1) || '0'
                WHERE p.id = \(community) AND r.id NOT IN (SELECT resident_id FROM party_members WHERE resident_id IS NOT NULL) ORDER BY r.id LIMIT 1
                """)
            let branch = try await t.id("SELECT id AS n FROM party_organizations WHERE name = '通信花园社区第二党支部（在职）'")
            let before = try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(community)")
            let form = ["category": "inService", "organizationID": String(branch), "joinedOn": "2005-07-01"]
            try await t.app.testing().test(.POST, "/residents/\(resident)/party-member", headers: cookie, beforeRequest: { req in
                try req.content.encode(form, as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(community)") == before + 1)
            #expect(try await t.get("/residents/\(resident)", as: cookie).body.contains("在职党员 · 通信花园社区第二党支部（在职）"))
            try await t.app.testing().test(.POST, "/residents/\(resident)/party-member", headers: cookie, beforeRequest: { req in
                try req.content.encode(form, as: .urlEncodedForm)
            }) { res in #expect(res.status == .conflict && res.body.string.contains("已登记为党员")) }
        }
    }
}
