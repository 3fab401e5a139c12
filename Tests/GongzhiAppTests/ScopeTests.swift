import Foundation
import GongzhiKit
import GongzhiRegistry
import Testing
import Vapor
import VaporTesting

/// A community worker sees only their community, a building-group leader only their building:
/// in pages, API, search and exports alike, with the same answer for "elsewhere" and "missing".
struct ScopeTests {
    static func residentIn(_ community: String) -> String {
        "SELECT r.id AS n FROM residents r JOIN places p ON r.path >= p.path AND r.path < SUBSTR(p.path, 1, LENGTH(p.path) - 1) || '0' WHERE p.name = '\(community)' ORDER BY r.id LIMIT 1"
    }

    @Test(arguments: TestDatabase.available)
    func communityWorkerStaysInTheirCommunity(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("tongxin")
            let own = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let other = try await t.id("SELECT id AS n FROM places WHERE name = '经纬社区'")
            let foreigner = try await t.id(Self.residentIn("经纬社区"))
            let neighbour = try await t.id(Self.residentIn("通信花园社区"))

            #expect(try await t.get("/places/\(own)", as: cookie).status == .ok)
            let elsewhere = try await t.get("/places/\(other)", as: cookie)
            let missing = try await t.get("/places/99999999", as: cookie)
            #expect(elsewhere.status == .forbidden && missing.status == .forbidden)
            #expect(elsewhere.body.contains("不在您的管辖范围") && missing.body.contains("不在您的管辖范围"))
            #expect(try await t.get("/places/1", as: cookie).status == .forbidden)
            #expect(try await t.get("/overview", as: cookie).status == .seeOther)

            #expect(try await t.get("/residents/\(neighbour)", as: cookie).status == .ok)
            #expect(try await t.get("/residents/\(foreigner)", as: cookie).status == .forbidden)
            #expect(try await t.get("/residents/\(foreigner)/edit", as: cookie).status == .forbidden)
            let api = try await t.get("/api/v1/residents/\(foreigner)", as: cookie)
            #expect(api.status == .forbidden && api.body.contains("\"status\":403"))
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(foreigner)", headers: cookie, beforeRequest: { req in
                try req.content.encode(["name": "越权修改"], as: .json)
            }) { res in #expect(res.status == .forbidden) }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE name = '越权修改'") == 0)

            // Search finds the foreigner's name only among the worker's own residents.
            struct Name: Decodable { let n: String }
            let name = try await t.app.db.sql.raw("SELECT name AS n FROM residents WHERE id = \(unsafeRaw: String(foreigner))").first(decoding: Name.self)!.n
            let search = try await t.get("/api/v1/residents?name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&per=200", as: cookie)
            #expect(search.status == .ok && !search.body.contains("\"id\":\(foreigner),"))

            // The export holds the community's residents and nobody else.
            var rows: [SheetRow] = []
            try await t.app.testing().test(.GET, "/exchange/residents/export.xlsx", headers: cookie) { res in
                #expect(res.status == .ok)
                rows = try XLSXReader.firstSheet(Data(buffer: res.body))
            }
            let expected = try await t.scalar("SELECT resident_count AS n FROM places WHERE id = \(own)")
            #expect(rows.count - 1 == expected && expected > 0)
            #expect(rows.dropFirst().allSatisfy { $0[1] == "通信花园社区" })
        }
    }

    @Test(arguments: TestDatabase.available)
    func buildingGroupLeaderSeesTheirBuilding(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("louzu")
            let compound = try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")
            let building = try await t.id("SELECT id AS n FROM places WHERE parent_id = \(compound) ORDER BY sort_order LIMIT 1")
            #expect(try await t.get("/places/\(building)", as: cookie).status == .ok)
            #expect(try await t.get("/places/\(compound)", as: cookie).status == .forbidden)
            // A leader edits residents but not the place tree.
            try await t.app.testing().test(.POST, "/places/\(building)", headers: cookie, beforeRequest: { req in
                try req.content.encode(["name": "改名"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
            // A leader records; removing, moving and enrolling people and importing ledgers are the workers' (and the
            // pages offer the leader none of them).
            let resident = try await t.id("SELECT MIN(id) AS n FROM residents WHERE path LIKE (SELECT path FROM places WHERE id = \(building)) || '%'")
            let page = try await t.get("/residents/\(resident)", as: cookie)
            #expect(page.status == .ok && !page.body.contains("/delete\"") && !page.body.contains("/move\"") && !page.body.contains("登记为党员"))
            for path in ["/residents/\(resident)/delete", "/residents/\(resident)/move"] {
                #expect(try await t.post(path, ["householdCode": "410105004001010001"], as: cookie).status == .forbidden, "\(path)")
            }
            #expect(try await t.upload("residents", try ResidentLedger.template(), as: cookie).0 == .forbidden)
            #expect(!(try await t.get("/exchange", as: cookie).body.contains("enctype=\"multipart/form-data\"")))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE id = \(resident)") == 1)
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        try await TestApp.with(.sqlite) { t in
            try await t.app.testing().test(.GET, "/overview") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
            try await t.app.testing().test(.GET, "/api/v1/profile") { res in
                #expect(res.status == .unauthorized && res.body.string.contains("请先登录"))
            }
            let browser = try await t.anonymousForm()
            try await t.app.testing().test(.POST, "/login", headers: browser.headers, beforeRequest: { req in
                try req.content.encode(["username": "jiedao", "password": "wrong-password", "_csrf": browser.token], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unauthorized && res.body.string.contains("用户名或密码错误"))
            }
        }
    }
}
