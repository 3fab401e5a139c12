import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit
import Testing
import Vapor
import VaporTesting

/// What one request, one file or one typed value must never do: stop the server, exhaust its memory, send a user to
/// another site, put an ID number in an address, slip past the audit log, or store text that cannot be shown.
struct HardeningTests {
    /// Every list, page and API list, with numbers no arithmetic may trap on: a 400 that names the parameter, and
    /// the server still answers afterwards.
    @Test func hugeNumbersInRequestsAreRefusedNotFatal() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            let lists = ["/residents", "/party/members", "/organizations", "/facilities", "/star-groups", "/api/v1/residents",
                         "/api/v1/party/members", "/api/v1/organizations", "/api/v1/facilities"]
            for list in lists {
                for query in ["page=9223372036854775807", "page=-1", "page=0", "per=100000", "page=1e9", "page=%EF%BC%99%EF%BC%99%EF%BC%99%EF%BC%99%EF%BC%99%EF%BC%99"] {
                    let (status, body) = try await t.get("\(list)?\(query)", as: worker)
                    #expect(status == .badRequest, "\(list)?\(query) answered \(status)")
                    #expect(body.contains("页码") || body.contains("每页条数"), "\(list)?\(query): \(body.prefix(200))")
                }
                #expect(try await t.get("\(list)?page=2", as: worker).status == .ok)
            }
            for path in ["/residents/99999999999999999999", "/residents/-5", "/residents/abc", "/api/v1/places/9223372036854775807"] {
                #expect(try await t.get(path, as: worker).status == .badRequest, "\(path)")
            }
            // Filters that mean nothing are named, not ignored.
            for (path, word) in [("/party/members?organization=abc", "organization"), ("/organizations?kind=bank", "kind"),
                                 ("/api/v1/organizations?redProperty=maybe", "redProperty"), ("/residents?tag=rich", "tag"),
                                 ("/party/members?category=x", "category")] {
                let (status, body) = try await t.get(path, as: worker)
                #expect(status == .badRequest && body.contains(word), "\(path): \(status)")
            }
            #expect(try await t.get("/healthz", as: worker).status == .ok)
        }
    }

    @Test(arguments: [
        ("/residents", "/residents"), ("/residents?page=2", "/residents?page=2"), ("/%09/evil.example", "/"), ("//evil.example", "/"),
        ("/\\evil.example", "/"), ("/%5Cevil.example", "/"), ("/%2F/evil.example", "/"), ("https://evil.example", "/"),
        ("/\t/evil.example", "/"), ("/%0d%0aSet-Cookie:x", "/"), ("javascript:alert(1)", "/"), ("", "/"), ("/ /evil", "/"),
        ("/%E5%B1%85%E6%B0%91", "/%E5%B1%85%E6%B0%91"),
    ])
    func signInGoesOnlyToAPathOnThisSite(next: String, expected: String) {
        #expect(SignInController.safeNext(next) == expected)
    }

    @Test func fullIDNumbersStayOutOfAddressesAndEveryLookUpIsAudited() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            for path in ["/residents?idNumber=11010519491231002X", "/api/v1/residents?idNumber=11010519491231002X"] {
                let (status, body) = try await t.get(path, as: worker)
                #expect(status == .badRequest && body.contains("不能放在网址中"), "\(path)")
            }
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'lookup'")
            _ = try await t.post("/residents/find", ["idNumber": "11010519491231002X"], as: worker)
            try await t.app.testing().test(.POST, "/api/v1/residents/find", headers: worker, beforeRequest: { req in
                try req.content.encode(["idNumber": "11010519491231002X"], as: .json)
            }) { res in #expect(res.status == .ok) }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'lookup'") == before + 2)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'lookup' AND detail LIKE '%110105********002X%'") == 2)
        }
    }

    @Test func refusedReadsAreAuditedUpToALimit() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let elsewhere = try await t.id(ScopeTests.residentIn("经纬社区"))
            for _ in 0..<(AuditTrail.refusedReadLimit + 5) {
                #expect(try await t.get("/residents/\(elsewhere)", as: worker).status == .forbidden)
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'read' AND result = 'refused'") == AuditTrail.refusedReadLimit)
        }
    }

    /// An import's audit entry is written in its transaction: if the entry cannot be written, nothing is imported.
    @Test func anImportAndItsAuditEntryAreOneTransaction() async throws {
        try await TestApp.with(.sqlite) { t in
            struct Refused: Error {}
            let scope = try await RegistryModule.rootScope(on: t.app.db)
            let units = try XLSXWriter.workbook(sheetName: "单位台账", header: ["名称", "类型", "所在社区"], rows: [["甲公司", "驻区单位", "通信花园社区"]])
            let count = try await t.scalar("SELECT COUNT(*) AS n FROM organizations")
            await #expect(throws: Refused.self) {
                _ = try await LedgerKind.organizations.importFile(units, scope: scope, vault: t.app.gongzhi.vault, dependents: [], on: t.app.db) { _, _ in throw Refused() }
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM organizations") == count)
            let entries = try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries")
            _ = try await LedgerKind.organizations.importFile(units, scope: scope, vault: t.app.gongzhi.vault, dependents: [], on: t.app.db) { summary, db in
                try await t.app.auditCommand(action: "import", target: "organizations", detail: summary.description, on: db)
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM organizations") == count + 1)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries") == entries + 1)
        }
    }

    /// NUL and other control characters, and bytes that are not UTF-8, are refused wherever text comes in.
    @Test func controlCharactersAreNeverStored() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            let resident = try await t.id("SELECT MIN(id) AS n FROM residents")
            let name = try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE instr(name, char(0)) > 0")
            #expect(name == 0)
            // A form.
            let form = try await t.post("/residents/\(resident)", ["name": "张\u{0}三", "residency": "registered", "relation": "户主"], as: worker)
            #expect(form.status == .badRequest && form.body.contains("控制字符"))
            // The API.
            var status: HTTPStatus = .ok
            var body = ""
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(resident)", headers: worker, beforeRequest: { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(string: #"{"name":"张\u0000三"}"#)
            }) { res in status = res.status; body = res.body.string }
            #expect(status == .badRequest && body.contains("控制字符"))
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(resident)", headers: worker, beforeRequest: { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(bytes: Array(#"{"name":"张"#.utf8) + [0xFF, 0xFE] + Array(#"三"}"#.utf8))
            }) { res in status = res.status; body = res.body.string }
            #expect(status == .badRequest && body.contains("UTF-8"))
            // The address and a static file.
            #expect(try await t.get("/residents?name=%00", as: worker).status == .badRequest)
            #expect(try await t.get("/css/app.css%00", as: HTTPHeaders()).status == .badRequest)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE instr(name, char(0)) > 0") == 0)
            // A ledger cell.
            // XML 1.0 has no place for U+0001; a character reference to it is what a careless writer would produce.
            let file = try RawWorkbook.make(sheetXML: RawWorkbook.sheet([["名称", "类型", "所在社区"], ["甲&#1;公司", "驻区单位", "通信花园社区"]]))
            #expect(try await t.upload("organizations", file, as: worker).1.contains("控制字符"))
        }
    }

    /// 与户主关系 had no length limit; every text field has one, in the form and the import alike.
    @Test func everyTextFieldHasALengthLimit() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            let resident = try await t.id("SELECT MIN(id) AS n FROM residents")
            let answer = try await t.post("/residents/\(resident)", ["name": "张三", "residency": "registered", "relation": String(repeating: "长", count: 11)], as: worker)
            #expect(answer.status == .unprocessableEntity && answer.body.contains("与户主关系最多10字"))
        }
    }

    @Test func framewoksRefusalsAreInChinese() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            var body = ""
            try await t.app.testing().test(.PATCH, "/api/v1/residents/1", headers: worker, beforeRequest: { req in
                req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                req.body = ByteBuffer(string: "a,b")
            }) { res in body = res.body.string }
            #expect(!body.contains("Unsupported") && body.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(body)")
        }
    }

    /// A part packed far tighter than a spreadsheet, a part over its limit, a header that lies about its size and a
    /// sheet of a million empty rows: each refused with the limit it broke, before it grows in memory.
    @Test func decompressionBombsAreRefusedEarly() throws {
        func refusal(_ data: Data, limits: XLSXReader.Limits = .init()) -> String {
            do { _ = try XLSXReader.worksheet(data, limits: limits); return "accepted" } catch { return error.description }
        }
        let header = RawWorkbook.sheet([["名称", "类型", "所在社区"]], padding: String(repeating: " ", count: 8 << 20))
        #expect(refusal(try RawWorkbook.make(sheetXML: header)).contains("压缩比超过200:1"))
        var small = XLSXReader.Limits()
        small.worksheetBytes = 1 << 20
        #expect(refusal(try RawWorkbook.make(sheetXML: RawWorkbook.sheet([["a"]], padding: String(repeating: "<!-- -->", count: 200_000)), compression: .none), limits: small)
            .contains("工作表解压后超过1 MB的上限"))
        // The same bomb with its sizes rewritten to say 100 bytes: stopped as it grows.
        var lying = try RawWorkbook.make(sheetXML: header)
        lying.rewriteUncompressedSizes(of: "xl/worksheets/sheet1.xml", to: 100)
        let lie = refusal(lying)
        #expect(lie.contains("压缩比") || lie.contains("上限"), "\(lie)")
        let rows = (1...1_000_000).map { "<row r=\"\($0)\"/>" }.joined()
        let started = Date()
        #expect(refusal(try RawWorkbook.make(sheetXML: RawWorkbook.sheet([["名称"]]).replacingOccurrences(of: "</sheetData>", with: rows + "</sheetData>")))
            .contains("超过每个文件200000行的上限"))
        let declared = RawWorkbook.sheet([["名称"]]).replacingOccurrences(of: "<sheetData>", with: #"<dimension ref="A1:C1048576"/><sheetData>"#)
        #expect(refusal(try RawWorkbook.make(sheetXML: declared)).contains("1048576行"))
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// Two workers open the same resident; the first saves a new name, the second saves another change a minute
    /// later from the page they opened before: refused with what changed meanwhile, their typing kept, nothing lost.
    @Test(arguments: TestDatabase.available)
    func aChangeOverSomeoneElsesIsRefusedNotLost(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let first = try await t.signIn("jiedao"), second = try await t.signIn("tongxin")
            let id = try await t.id(ScopeTests.residentIn("通信花园社区"))
            let opened = try await t.get("/residents/\(id)/edit", as: second).body
            let was = try #require(opened.firstMatch(of: /name="was" value="([^"]*)"/)?.1).description
            #expect(opened.contains(#"name="version" value="1""#))
            #expect(try await t.post("/residents/\(id)", ["name": "改名甲", "residency": "registered", "relation": "户主"], as: first).status == .seeOther)
            let late = try await t.post("/residents/\(id)", ["name": "原名", "residency": "permanent", "relation": "配偶", "version": "1", "was": was], as: second)
            #expect(late.status == .conflict)
            #expect(late.body.contains("已有人修改了这条记录") && late.body.contains("改为“改名甲”"), "\(late.body.prefix(3000))")
            #expect(late.body.contains(#"value="配偶""#), "what the second worker typed is kept")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE id = \(id) AND name = '改名甲' AND relation = '户主'") == 1)
            // Saved again from the refreshed form (now at version 2), it goes through.
            #expect(try await t.post("/residents/\(id)", ["name": "改名甲", "residency": "permanent", "relation": "配偶", "version": "2"], as: second).status == .seeOther)

            // The API: a write without a version, or over a newer one, is refused.
            func patch(_ body: String) async throws -> (HTTPStatus, String) {
                var result: (HTTPStatus, String) = (.internalServerError, "")
                var headers = first
                headers.contentType = .json
                try await t.app.testing().test(.PATCH, "/api/v1/residents/\(id)", headers: headers, body: ByteBuffer(string: body)) { res in result = (res.status, res.body.string) }
                return result
            }
            #expect(try await patch(#"{"relation": "子女"}"#).0 == .badRequest)
            let stale = try await patch(#"{"relation": "子女", "version": 2}"#)
            #expect(stale.0 == .conflict && stale.1.contains("现为第3版"))
            #expect(try await patch(#"{"relation": "子女", "version": 3}"#).0 == .ok)

            // Every other record with an edit page carries its version the same way.
            for (path, form) in [("/party/organizations/\(try await t.id("SELECT MIN(id) AS n FROM party_organizations"))", ["name": "x", "kind": "branch"]),
                                 ("/organizations/\(try await t.id("SELECT MIN(id) AS n FROM organizations"))", ["name": "x", "kind": "residentUnit", "placeID": "1"]),
                                 ("/facilities/\(try await t.id("SELECT MIN(id) AS n FROM facilities"))", ["name": "x", "kind": "pavilion", "placeID": "1"]),
                                 ("/places/\(try await t.id("SELECT MIN(id) AS n FROM places WHERE kind = 'compound'"))", ["name": "x"]),
                                 ("/party/members/\(try await t.id("SELECT MIN(id) AS n FROM party_members"))", ["category": "retired"])] {
                let table = TestApp.editPages.first { path.hasPrefix($0.prefix) }!.table, recordID = String(path.split(separator: "/").last!)
                try await t.app.db.sql.raw(SQLQueryString("UPDATE \(table) SET version = COALESCE(version, 1) + 1 WHERE id = \(recordID)")).run()
                let answer = try await t.post(path, form.merging(["version": "1"]) { $1 }, as: first)
                #expect(answer.status == .conflict && answer.body.contains("已有人修改了这条记录"), "\(path): \(answer.status)")
            }
        }
    }

    /// A building-group leader's export names the community and compound above their building.
    @Test func aBuildingLeadersExportNamesTheirCommunity() async throws {
        try await TestApp.with(.sqlite) { t in
            let leader = try await t.signIn("louzu")
            var rows: [SheetRow] = []
            try await t.app.testing().test(.GET, "/exchange/residents/export.xlsx", headers: leader) { res in rows = try XLSXReader.firstSheet(Data(buffer: res.body)) }
            #expect(rows.count > 1)
            for row in rows.dropFirst() { #expect(row[1] == "通信花园社区" && row[2] == "纬五路13号院") }
        }
    }
}

/// A valid first-run setup form.
enum SetupForm {
    static func valid(token: String) -> [String: String] {
        ["_csrf": token, "subdistrictName": "新城街道", "subdistrictCode": "410105009000", "areaKm2": "2.5",
         "systemUsername": "xitong", "systemName": "系统管理员", "systemPassword": "Admin-2026-key!",
         "securityUsername": "baomi", "securityName": "安全管理员", "securityPassword": "Guard-2026-key!",
         "auditUsername": "shenhe", "auditName": "审计管理员", "auditPassword": "Check-2026-key!"]
    }
}
