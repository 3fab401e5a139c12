import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// The party members' and organisations' ledgers: exported, imported all-or-nothing, and counted by the profile.
struct LedgerTests {
    func upload(_ t: TestApp, _ ledger: String, header: [String], rows: [[String]], as cookie: HTTPHeaders) async throws -> (HTTPStatus, String) {
        try await t.upload(ledger, try XLSXWriter.workbook(sheetName: "s", header: header, rows: rows), as: cookie)
    }

    @Test(arguments: TestDatabase.available)
    func organizationsLedger(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("jiedao")
            var rows: [SheetRow] = []
            try await t.app.testing().test(.GET, "/exchange/organizations/export.xlsx", headers: cookie) { res in
                rows = try XLSXReader.firstSheet(Data(buffer: res.body))
            }
            #expect(rows.count - 1 == 201 && rows.contains { $0[1] == "河南省省直物业有限责任公司" && $0[6] == "是" })
            let header = ["单位编号", "名称", "类型", "所在社区", "地址", "已建党组织", "红色物业"]
            let bad = try await upload(t, "organizations", header: header, rows: [
                ["", "新单位甲", "驻区单位", "通信花园社区", "", "否", "否"],
                ["", "新单位乙", "外星单位", "通信花园社区", "", "也许", "否"],
            ], as: cookie)
            #expect(bad.0 == .unprocessableEntity && bad.1.contains("类型应为") && bad.1.contains("应填“是”或“否”"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM organizations") == 201)
            let good = try await upload(t, "organizations", header: header, rows: [["", "新单位甲", "驻区单位", "通信花园社区", "", "是", "否"]], as: cookie)
            #expect(good.0 == .ok && good.1.contains("新增1条"))
            #expect(try await t.get("/api/v1/profile", as: cookie).body.contains("驻区单位97家"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func partyMembersLedgerLinksResidents(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("jiedao")
            let header = ["党员编号", "姓名", "公民身份号码", "类别", "所在党组织", "入党日期", "工作单位", "联系电话"]
            // A resident who is not yet a member: add them as a member by their ID number.
            struct Row: Decodable { let id: Int; let name: String }
            let resident = try await t.app.db.sql.raw("""
                SELECT id, name FROM residents WHERE id NOT IN (SELECT resident_id FROM party_members WHERE resident_id IS NOT NULL) ORDER BY id LIMIT 1
                """).first(decoding: Row.self)!
            // Its full number is sealed; the import finds the resident through the keyed hash, so give the test a known one.
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(resident.id)", headers: cookie, beforeRequest: { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(string: #"{"idNumber": "410105198002290014", "version": 1}"#)
            }) { res in #expect(res.status == .ok) }
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM party_members")
            let bad = try await upload(t, "party-members", header: header, rows: [
                ["", "随便写", "410105198002290014", "在职党员", "不存在的支部", "", "", ""],
            ], as: cookie)
            #expect(bad.0 == .unprocessableEntity && bad.1.contains("党组织“不存在的支部”不存在"))
            let branch = "通信花园社区第二党支部（在职）"
            let good = try await upload(t, "party-members", header: header, rows: [
                ["", "随便写", "410105198002290014", "在职党员", branch, "2001-07-01", "演示驻区单位3", ""],
                ["", "外来党员", "11010519491231002X", "直管党员", branch, "1970-07-01", "", "13800000000"],
            ], as: cookie)
            #expect(good.0 == .ok && good.1.contains("新增2条"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_members") == before + 2)
            // The linked member carries the resident's name, not the one typed in the sheet.
            let list = try await t.get("/party/members?name=\(resident.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", as: cookie)
            #expect(list.body.contains(resident.name) && !list.body.contains("随便写") && list.body.contains(branch))
            #expect(try await t.get("/party/members?name=%E5%A4%96%E6%9D%A5", as: cookie).body.contains("110105********002X"))
        }
    }
}
