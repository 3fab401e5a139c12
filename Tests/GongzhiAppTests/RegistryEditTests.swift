import Fluent
import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The registry's other records are changed in the browser, each on its own page, within the worker's places: a party
/// member retires or leaves, a branch is founded, a property company becomes red property, a facility is measured.
/// Each change reaches the profile and the overview, which are counted from the records.
struct RegistryEditTests {
    /// The first record of `table` in the community, meeting `condition`.
    static func first(_ table: String, in community: String, where condition: String = "1 = 1") -> String {
        "SELECT t.id AS n FROM \(table) t JOIN places c ON t.path >= c.path AND t.path < SUBSTR(c.path, 1, LENGTH(c.path) - 1) || '0' WHERE c.name = '\(community)' AND \(condition) ORDER BY t.id LIMIT 1"
    }

    @Test(arguments: TestDatabase.available) func partyMemberRetiresAndLeaves(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin"), jiedao = try await t.signIn("jiedao")
            let member = try await t.id(Self.first("party_members", in: "通信花园社区", where: "t.category = 'inService'"))
            let org = try await t.id("SELECT organization_id AS n FROM party_members WHERE id = \(member)")
            func subdistrict(_ column: String) async throws -> Int { try await t.scalar("SELECT \(column) AS n FROM places WHERE depth = 0") }
            let (inService, retired, total) = (try await subdistrict("in_service_count"), try await subdistrict("retired_count"), try await subdistrict("party_member_count"))

            let page = try await t.get("/party/members/\(member)", as: worker)
            #expect(page.status == .ok && page.body.contains("修改党员信息"))
            #expect(!page.body.contains("请按提示修改"), "no alert before anything was sent")

            let bad = try await t.post("/party/members/\(member)", ["category": "retired", "organizationID": String(org), "joinedOn": "1980-02-30"], as: worker)
            #expect(bad.status == .unprocessableEntity && bad.body.contains("入党日期“1980-02-30”不是有效日期") && bad.body.contains("未保存：请按提示修改"))
            #expect(try await subdistrict("retired_count") == retired, "a rejected form changes nothing")

            let saved = try await t.post("/party/members/\(member)", ["category": "retired", "organizationID": String(org), "joinedOn": "1980-02-01"], as: worker)
            #expect(saved.status == .seeOther && saved.location == "/party/members/\(member)")
            #expect(try await t.follow(saved, from: worker).body.contains("id=\"notice\">已保存。"), "the page the save leads to says so, once")
            #expect(!(try await t.get("/party/members/\(member)", as: worker).body.contains("已保存")))
            #expect(try await subdistrict("in_service_count") == inService - 1)
            #expect(try await subdistrict("retired_count") == retired + 1)
            let overview = try await t.get("/overview", as: jiedao).body
            #expect(overview.contains("其中在职党员\(inService - 1)人，离退休党员\(retired + 1)人"), "the profile follows the record")

            // Another community's worker and a building-group leader cannot reach it; the same 403 as a missing member.
            let other = try await t.id(Self.first("party_members", in: "经纬社区"))
            #expect(try await t.get("/party/members/\(other)", as: worker).status == .forbidden)
            #expect(try await t.post("/party/members/\(other)", ["category": "retired", "organizationID": String(org)], as: worker).status == .forbidden)
            #expect(try await t.post("/party/members/\(member)/delete", [:], as: try await t.signIn("louzu")).status == .forbidden)

            #expect(try await t.post("/party/members/\(member)/delete", [:], as: worker).status == .seeOther)
            #expect(try await subdistrict("party_member_count") == total - 1)
            #expect(try await t.get("/overview", as: jiedao).body.contains("党员\(total - 1)人"))
        }
    }

    @Test func partyOrganizationsAreFoundedAndRenamed() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin"), jiedao = try await t.signIn("jiedao")
            let parent = try await t.id("SELECT o.id AS n FROM party_organizations o JOIN places p ON o.place_id = p.id WHERE p.name = '通信花园社区' AND o.parent_id IS NOT NULL ORDER BY o.id LIMIT 1")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let elsewhere = try await t.id("SELECT id AS n FROM places WHERE name = '经纬社区'")
            let year = try await t.scalar("SELECT MAX(CAST(SUBSTR(founded_on, 1, 4) AS INTEGER)) AS n FROM party_organizations WHERE kind = 'newOrgCommittee'")
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations WHERE kind = 'newOrgCommittee' AND founded_on LIKE '\(year)%'")

            let form = ["name": "演示大厦联合党支部", "kind": "newOrgCommittee", "parentID": String(parent), "placeID": String(elsewhere), "foundedOn": "\(year)-09-01"]
            let outside = try await t.post("/party/organizations", form, as: worker)
            #expect(outside.status == .unprocessableEntity && outside.body.contains("请选择管辖范围内的服务地点"))
            var good = form; good["placeID"] = String(community)
            let created = try await t.post("/party/organizations", good, as: worker)
            #expect(created.status == .seeOther)
            #expect(try await t.get("/overview", as: jiedao).body.contains("\(year)年新建“两新”党组织\(before + 1)家"))
            #expect(try await t.post("/party/organizations", good, as: worker).body.contains("已有同名党组织“演示大厦联合党支部”"))

            let id = try await t.id("SELECT id AS n FROM party_organizations WHERE name = '演示大厦联合党支部'")
            #expect(try await t.post("/party/organizations/\(id)", ["name": "演示大厦党支部", "kind": "newOrgCommittee", "foundedOn": "\(year)年"], as: worker)
                .body.contains("成立日期“\(year)年”格式应为YYYY-MM-DD"))
            #expect(try await t.post("/party/organizations/\(id)", ["name": "演示大厦党支部", "kind": "branch", "foundedOn": "\(year)-09-01"], as: worker).status == .seeOther)
            #expect(try await t.get("/party", as: worker).body.contains("演示大厦党支部"))
            #expect(try await t.get("/overview", as: jiedao).body.contains("\(year)年新建“两新”党组织\(before)家"), "no longer a two-new organisation")
            #expect(try await t.get("/party/organizations/\(id)", as: try await t.signIn("louzu")).status == .forbidden)
        }
    }

    @Test func propertyCompanyBecomesRedPropertyAndFacilityIsMeasured() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin"), jiedao = try await t.signIn("jiedao")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let red = try await t.scalar("SELECT COUNT(*) AS n FROM organizations WHERE kind = 'propertyCompany' AND red_property")
            let company = try await t.id(Self.first("organizations", in: "通信花园社区", where: "t.kind = 'propertyCompany' AND t.red_property"))
            let name = try await t.get("/organizations/\(company)", as: worker)
            #expect(name.status == .ok && name.body.contains("修改单位信息"))

            // The company leaves red property, then joins it again: the report's count follows each time.
            var form = ["name": "演示物业公司", "kind": "propertyCompany", "placeID": String(community), "hasPartyOrganization": "1"]
            #expect(try await t.post("/organizations/\(company)", form, as: worker).status == .seeOther)
            #expect(try await t.get("/overview", as: jiedao).body.contains("推进“红色物业”的物业服务企业\(red - 1)家"))
            form["redProperty"] = "1"
            #expect(try await t.post("/organizations/\(company)", form, as: worker).status == .seeOther)
            #expect(try await t.get("/overview", as: jiedao).body.contains("推进“红色物业”的物业服务企业\(red)家"))
            #expect(try await t.get("/organizations/\(company)", as: worker).body.contains("<h1>演示物业公司</h1>"))
            var unit = form; unit["kind"] = "residentUnit"
            #expect(try await t.post("/organizations/\(company)", unit, as: worker).body.contains("只有物业服务企业可标为红色物业"))
            let other = try await t.id(Self.first("organizations", in: "经纬社区"))
            #expect(try await t.post("/organizations/\(other)", form, as: worker).status == .forbidden)

            let space = try await t.id("SELECT id AS n FROM facilities WHERE kind = 'partyActivitySpace' ORDER BY opened_on DESC LIMIT 1")
            let place = try await t.id("SELECT place_id AS n FROM facilities WHERE id = \(space)")
            let opened = try await t.get("/facilities/\(space)", as: jiedao)
            #expect(opened.status == .ok)
            let total = try Self.figure(#/新建党建活动阵地(\d+)平方米/#, in: try await t.get("/overview", as: jiedao).body)
            let area = try await t.scalar("SELECT CAST(area_m2 AS INTEGER) AS n FROM facilities WHERE id = \(space)")
            let facility = ["name": "党群服务站", "kind": "partyActivitySpace", "placeID": String(place), "area": String(area + 10)]
            #expect(try await t.post("/facilities/\(space)", facility.merging(["area": "-3"]) { $1 }, as: jiedao).body.contains("面积应为0.01到1000000之间的数，收到-3"))
            #expect(try await t.post("/facilities/\(space)", facility.merging(["openedOn": try await Self.openedOn(space, t)]) { $1 }, as: jiedao).status == .seeOther)
            #expect(try await t.get("/overview", as: jiedao).body.contains("新建党建活动阵地\(total + 10)平方米"))
        }
    }

    @Test(arguments: TestDatabase.available) func theAPIReadsAndChangesTheSameLedgers(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            func json(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> (HTTPStatus, [String: Any], [Any]) {
                var result: (HTTPStatus, [String: Any], [Any]) = (.internalServerError, [:], [])
                try await t.app.testing().test(method, path, headers: worker, beforeRequest: { req in
                    if let body { req.headers.contentType = .json; req.body = ByteBuffer(string: body) }
                }) { res in
                    let value = try? JSONSerialization.jsonObject(with: Data(buffer: res.body))
                    result = (res.status, value as? [String: Any] ?? [:], value as? [Any] ?? [])
                }
                return result
            }
            let organizations = try await json(.GET, "/api/v1/party/organizations").2 as? [[String: Any]] ?? []
            #expect(!organizations.isEmpty && organizations.allSatisfy { ($0["name"] as? String)?.contains("经纬社区") != true }, "only the worker's community")
            let retired = try await json(.GET, "/api/v1/party/members?category=retired&per=10")
            let total = try await t.scalar("SELECT retired_count AS n FROM places WHERE name = '通信花园社区'")
            #expect(retired.0 == .ok && retired.1["total"] as? Int == total)

            let member = try await t.id(Self.first("party_members", in: "通信花园社区", where: "t.category = 'inService'"))
            let bad = try await json(.PATCH, "/api/v1/party/members/\(member)", #"{"category": "honorary", "version": 1}"#)
            #expect(bad.0 == .unprocessableEntity && "\(bad.1)".contains("请选择党员类别"))
            let changed = try await json(.PATCH, "/api/v1/party/members/\(member)", #"{"category": "retired", "version": 1}"#)
            #expect(changed.0 == .ok && changed.1["category"] as? String == "retired")
            #expect(try await t.scalar("SELECT retired_count AS n FROM places WHERE name = '通信花园社区'") == total + 1)
            let other = try await t.id(Self.first("party_members", in: "经纬社区"))
            #expect(try await json(.PATCH, "/api/v1/party/members/\(other)", #"{"category": "retired", "version": 1}"#).0 == .forbidden)

            let red = try await json(.GET, "/api/v1/organizations?redProperty=true")
            #expect(red.0 == .ok && (red.1["items"] as? [[String: Any]] ?? []).allSatisfy { $0["redProperty"] as? Bool == true && $0["kind"] as? String == "propertyCompany" })
            let facilities = try await json(.GET, "/api/v1/facilities?per=200").1["items"] as? [[String: Any]] ?? []
            #expect(facilities.contains { $0["name"] as? String == "初心亭" })
        }
    }

    /// Leaf takes an empty list as true: what a page shows about a list it does not have stays away.
    @Test func pagesShowNothingForListsTheyDoNotHave() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let dwelling = try await t.id(Self.first("places", in: "通信花园社区", where: "t.kind = 'dwelling'"))
            let compound = try await t.id(Self.first("places", in: "通信花园社区", where: "t.kind = 'compound'"))
            #expect(!(try await t.get("/places/\(dwelling)", as: worker).body.contains("新增下级")), "nothing may be added under a dwelling")
            #expect(try await t.get("/places/\(compound)", as: worker).body.contains("新增下级"))
            var login = ""
            try await t.app.testing().test(.GET, "/login") { res in login = res.body.string }
            #expect(!login.contains("class=\"breadcrumbs\""))
        }
    }

    /// A ledger exported and imported again unchanged says so, row by row (Fluent counts every assignment as a change).
    @Test(arguments: ["party-members", "organizations"]) func anUnchangedLedgerImportsAsUnchanged(_ ledger: String) async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            var exported = Data()
            try await t.app.testing().test(.GET, "/exchange/\(ledger)/export.xlsx", headers: worker) { res in exported = Data(buffer: res.body) }
            let rows = try XLSXReader.firstSheet(exported).count - 1
            #expect(rows > 0)
            let (_, body) = try await t.upload(ledger, exported, as: worker)
            #expect(body.contains("导入成功：新增0条，更新0条，未变\(rows)条。"), "\(body.prefix(300))")
        }
    }

    @Test func onlyPropertyCompaniesAreRedPropertyInTheLedgerToo() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let header = ["单位编号", "名称", "类型", "所在社区", "地址", "已建党组织", "红色物业"]
            let file = try XLSXWriter.workbook(sheetName: "单位台账", header: header, rows: [["", "演示驻区单位甲", "驻区单位", "通信花园社区", "", "是", "是"]])
            var status = HTTPStatus.internalServerError, body = ""
            try await t.app.testing().test(.POST, "/exchange/organizations", headers: worker, beforeRequest: { req in
                HTTPHeaders.multipart(file: file, filename: "单位.xlsx", into: &req)
            }) { res in status = res.status; body = res.body.string }
            #expect(status == .unprocessableEntity && body.contains("只有物业服务企业可标为红色物业"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM organizations WHERE name = '演示驻区单位甲'") == 0)
        }
    }

    static func figure(_ pattern: Regex<(Substring, Substring)>, in page: String) throws -> Int {
        try #require(page.firstMatch(of: pattern).flatMap { Int($0.1) })
    }

    static func openedOn(_ facility: Int, _ t: TestApp) async throws -> String {
        struct Row: Decodable { let opened_on: String }
        return try await t.app.db.sql.raw("SELECT opened_on FROM facilities WHERE id = \(bind: facility)").first(decoding: Row.self)!.opened_on
    }
}
