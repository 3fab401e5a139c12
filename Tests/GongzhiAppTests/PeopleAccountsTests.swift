import Foundation
import GongzhiKit
import GongzhiRegistry
import Testing
import Vapor
import VaporTesting

/// People of the registry sign in as themselves: a community worker issues a one-time code for a resident within
/// their places, the resident makes their own account with it and sees their own household, nothing of the
/// office's; a code works once, for 7 days, and only the latest one issued.
struct PeopleAccountsTests {
    static func slipCode(_ body: String) -> String? {
        body.firstMatch(of: /id="sign-up-code">([0-9A-Z-]+)</).map { String($0.output.1) }
    }

    func signUp(_ t: TestApp, code: String, username: String) async throws -> TestApp.Answer {
        let form = try await t.anonymousForm("/signup")
        return try await t.post("/signup", ["code": code, "username": username, "password": "Zhuhu-Home-2026", "confirm": "Zhuhu-Home-2026",
                                            "_csrf": form.token], as: form.headers)
    }

    @Test(arguments: TestDatabase.available) func aResidentMakesTheirOwnSignInWithTheirCommunitysCode(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let resident = try await t.id(RegistryEditTests.first("residents", in: "通信花园社区", where: "t.relation = '户主' AND t.id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL)"))
            let first = try await t.post("/residents/\(resident)/sign-up-code", [:], as: worker)
            #expect(first.status == .created && first.body.contains("登录码通知单"))
            let stale = try #require(Self.slipCode(first.body))
            let issued = try await t.post("/residents/\(resident)/sign-up-code", [:], as: worker)
            let code = try #require(Self.slipCode(issued.body))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'issue-sign-up-code' AND detail LIKE '%\(code)%'") == 0,
                    "the code is never logged")

            // Only the latest code works, once.
            #expect(try await signUp(t, code: stale, username: "zhanghu").body.contains("登录码无效、已使用或已过期"))
            let made = try await signUp(t, code: code.lowercased(), username: "zhanghu")
            #expect(made.status == .seeOther && made.location == "/login", "\(made.body.prefix(300))")
            #expect(try await signUp(t, code: code, username: "zhanghu2").status == .unprocessableEntity)

            // Signed in as themselves: their household, and none of the office's pages or records.
            let own = try await t.signIn("zhanghu", password: "Zhuhu-Home-2026")
            let start = try await t.get("/", as: own)
            #expect(start.status == .seeOther)
            let mine = try await t.get("/me", as: own)
            #expect(mine.status == .ok && mine.body.contains("我的家庭") && mine.body.contains("本户成员"))
            for path in ["/residents", "/residents/\(resident)", "/api/v1/residents", "/overview", "/party", "/star-groups"] {
                #expect(try await t.get(path, as: own).status == .forbidden, "\(path)")
            }
            #expect(try await t.get("/me", as: worker).status == .forbidden, "a worker has no 'mine' of the registry")
        }
    }

    @Test func codesAreIssuedWithinOnesPlacesOnlyAndExpire() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let neighbour = try await t.id(RegistryEditTests.first("residents", in: "通信花园社区", where: "t.id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL)"))
            let foreigner = try await t.id(RegistryEditTests.first("residents", in: "经纬社区"))
            #expect(try await t.post("/residents/\(foreigner)/sign-up-code", [:], as: worker).status == .forbidden)
            #expect(try await t.post("/residents/\(neighbour)/sign-up-code", [:], as: try await t.signIn("louzu")).status == .forbidden,
                    "a building-group leader does not issue codes")
            let code = try #require(Self.slipCode(try await t.post("/residents/\(neighbour)/sign-up-code", [:], as: worker).body))
            let now = Date()
            t.app.gongzhi.now = { now.addingTimeInterval(8 * 86_400) }
            #expect(try await signUp(t, code: code, username: "late").body.contains("已过期"))

            // The security administrator grants staff roles only: a person's role comes with their code.
            let admin = try await t.signInAdministrator("anquan")
            let roles = try await t.get("/roles", as: admin).body
            #expect(!roles.contains("value=\"resident\"") && roles.contains("value=\"communityWorker\""))
            let user = try await t.id("SELECT id AS n FROM users WHERE username = 'jiedao'")
            let place = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let granted = try await t.post("/roles", ["userID": String(user), "role": "resident", "placeID": String(place)], as: admin)
            #expect(granted.status == .unprocessableEntity)
        }
    }

    /// A lost password is the community's to fix: the old account is stopped (one person, one account) and a new
    /// code issued; a household's letter lasts 30 days.
    @Test func theCommunityResetsALostAccountAndLettersExpire() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let resident = try await t.id("SELECT person_id AS n FROM users WHERE username = 'jumin'")
            #expect(try await t.get("/residents/\(resident)", as: worker).body.contains("已有账号（jumin）"))
            let refused = try await t.post("/residents/\(resident)/sign-up-code", [:], as: worker)
            #expect(refused.status == .conflict && refused.body.contains("重置账号并发放新登录码"))
            let reset = try await t.post("/residents/\(resident)/sign-up-code", ["reset": "yes"], as: worker)
            #expect(reset.status == .created)
            let code = try #require(Self.slipCode(reset.body))
            let form = try await t.anonymousForm("/login")
            var status = HTTPStatus.ok
            try await t.app.testing().test(.POST, "/login", headers: form.headers, beforeRequest: { req in
                try req.content.encode(["username": "jumin", "password": DemoAccounts.password, "next": "/", "_csrf": form.token], as: .urlEncodedForm)
            }) { res in status = res.status }
            #expect(status != .seeOther, "the old account no longer signs in")
            #expect(try await signUp(t, code: code, username: "jumin2").status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM users WHERE person_kind = 'resident' AND person_id = \(resident)") == 1)

            // A household's letter: good for 30 days, then refused.
            let dwelling = try await t.id("SELECT MIN(dwelling_id) AS n FROM households h WHERE NOT EXISTS (SELECT 1 FROM users u JOIN residents r ON r.id = u.person_id WHERE r.household_id = h.id) AND path LIKE (SELECT path FROM places WHERE name = '通信花园社区') || '%'")
            let letters = try await t.post("/places/\(dwelling)/invitations", [:], as: worker)
            #expect(letters.status == .created)
            let letter = try #require(Self.slipCode(letters.body))
            let now = Date()
            t.app.gongzhi.now = { now.addingTimeInterval(31 * 86_400) }
            let late = try await t.anonymousForm("/signup")
            let answer = try await t.post("/signup", ["code": letter, "idNumber": "410105198001010014", "username": "latecomer", "password": "Zhuhu-Home-2026",
                                                      "confirm": "Zhuhu-Home-2026", "_csrf": late.token], as: late.headers)
            #expect(answer.status == .unprocessableEntity && answer.body.contains("登录码无效、已使用或已过期"))
        }
    }
}
