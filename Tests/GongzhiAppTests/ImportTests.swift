import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// Excel import is all or nothing, names every bad cell, and round-trips the exported ledger.
struct ImportTests {
    static let header = ["居民编号", "社区", "楼院", "楼栋", "单元", "房屋", "户编号", "与户主关系", "姓名", "性别",
                         "出生日期", "公民身份号码", "联系电话", "居住类型", "标签"]

    func upload(_ t: TestApp, _ data: Data, as cookie: HTTPHeaders) async throws -> (HTTPStatus, String) {
        try await t.upload("residents", data, as: cookie)
    }

    func export(_ t: TestApp, as cookie: HTTPHeaders) async throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try await t.app.testing().test(.GET, "/exchange/residents/export.xlsx", headers: cookie) { res in
            rows = try XLSXReader.firstSheet(Data(buffer: res.body))
        }
        return rows
    }

    func counts(_ t: TestApp) async throws -> [Int] {
        [try await t.scalar("SELECT COUNT(*) AS n FROM residents"), try await t.scalar("SELECT COUNT(*) AS n FROM households"),
         try await t.scalar("SELECT resident_count AS n FROM places WHERE kind = 'subdistrict'")]
    }

    /// A new resident's row at the address of an exported row, in a new household.
    func newRow(like row: SheetRow, household: String, name: String, id: String) -> [String] {
        ["", row[1], row[2], row[3], row[4], row[5], household, "户主", name, "", "", id, "13900001111", "常住", "老年人"]
    }

    @Test(arguments: TestDatabase.available)
    func badFilesChangeNothingAndSayWhy(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("jiedao")
            let before = try await counts(t)
            let sample = try await export(t, as: cookie)[1]
            let code = String(sample[6].prefix(12)) + "099001"

            let notXLSX = try await upload(t, Data("姓名,公民身份号码\n张三,1".utf8), as: cookie)
            #expect(notXLSX.0 == .unprocessableEntity && notXLSX.1.contains("不是有效的.xlsx"))

            let missingColumn = try XLSXWriter.workbook(sheetName: "s", header: Array(Self.header.dropLast(4)), rows: [["1"]])
            let missing = try await upload(t, missingColumn, as: cookie)
            #expect(missing.0 == .unprocessableEntity && missing.1.contains("缺少必需的列“公民身份号码”"))

            // Give a stored resident a known number, to offer it again as a new resident's.
            let holder = try await t.id("SELECT id AS n FROM residents ORDER BY id LIMIT 1")
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(holder)", headers: cookie, beforeRequest: { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(string: #"{"idNumber": "440524198001010013", "version": 1}"#)
            }) { res in #expect(res.status == .ok) }
            var unknown = newRow(like: sample, household: code, name: "乙", id: "410105198002290014")
            unknown[2] = "不存在的院"
            let bad = try XLSXWriter.workbook(sheetName: "s", header: Self.header, rows: [
                newRow(like: sample, household: code, name: "甲", id: "110105194912310021"),   // wrong check character
                unknown,
                newRow(like: sample, household: code, name: "丙", id: "11010519491231002X"),
                newRow(like: sample, household: code, name: "丁", id: "11010519491231002X"),  // same number twice
                newRow(like: sample, household: code, name: "戊", id: "44052419800101003X"),  // fine on its own
                newRow(like: sample, household: code, name: "己", id: "440524198001010013"),  // a stored resident's number
            ])
            let rejected = try await upload(t, bad, as: cookie)
            #expect(rejected.0 == .unprocessableEntity)
            #expect(rejected.1.contains("校验位错误"))
            #expect(rejected.1.contains("楼院“不存在的院”不存在"))
            #expect(rejected.1.contains("与第4行的公民身份号码重复"))
            #expect(rejected.1.contains("已登记在另一位居民名下"))
            #expect(rejected.1.contains("数据库未作任何改动"))
            #expect(try await counts(t) == before)
        }
    }

    @Test(arguments: TestDatabase.available)
    func goodFileAddsResidentsAndExportRoundTrips(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let cookie = try await t.signIn("jiedao")
            let exported = try await export(t, as: cookie)
            #expect(exported.first.map { row in Self.header.indices.map { row[$0] } } == Self.header)
            let before = try await counts(t)

            // The exported file, imported again unchanged, changes nothing.
            let same = try XLSXWriter.workbook(sheetName: "s", header: Self.header, rows: exported.dropFirst().map { row in Self.header.indices.map { row[$0] } })
            let roundTrip = try await upload(t, same, as: cookie)
            #expect(roundTrip.0 == .ok && roundTrip.1.contains("新增0条，更新0条，未变\(before[0])条"))
            #expect(try await counts(t) == before)

            // An edited name and two new residents in a new household.
            var rows = exported.dropFirst().map { row in Self.header.indices.map { row[$0] } }
            rows[0][8] = "改名后"
            let code = String(rows[0][6].prefix(12)) + "099001"
            rows.append(newRow(like: exported[1], household: code, name: "新居民甲", id: "410105198002290014"))
            rows.append(newRow(like: exported[1], household: code, name: "新居民乙", id: "44052419800101003X"))
            let edited = try await upload(t, try XLSXWriter.workbook(sheetName: "s", header: Self.header, rows: rows), as: cookie)
            #expect(edited.0 == .ok && edited.1.contains("新增2条，更新1条"))
            #expect(try await counts(t) == [before[0] + 2, before[1] + 1, before[2] + 2])
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE name = '改名后' AND id = \(rows[0][0])") == 1)
            var found = ""
            try await t.app.testing().test(.POST, "/api/v1/residents/find", headers: cookie, beforeRequest: { req in
                try req.content.encode(["idNumber": "44052419800101003x"], as: .json)
            }) { res in found = res.body.string }
            #expect(found.contains("新居民乙") && found.contains("440524********003X") && !found.contains("44052419800101003X"))
        }
    }
}
