import Fluent
import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// ID and phone numbers are masked everywhere; a community worker may see one in full for a stated reason, which
/// the audit log keeps; building leaders and other communities' workers may not.
struct PrivacyTests {
    @Test(arguments: TestDatabase.available)
    func fullNumbersOnlyWithAReasonAndOnRecord(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let id = try await t.id(ScopeTests.residentIn("通信花园社区"))
            struct Row: Decodable { let id_sealed: String; let id_masked: String }
            let stored = try await t.app.db.sql.raw("SELECT id_sealed, id_masked FROM residents WHERE id = \(bind: id)").first(decoding: Row.self)!
            let full = try t.app.gongzhi.vault.open(stored.id_sealed)
            #expect(!stored.id_sealed.contains(full), "sealed at rest")

            let page = try await t.get("/residents/\(id)", as: worker)
            #expect(page.body.contains(stored.id_masked) && !page.body.contains(full))
            // A full number in an address is refused: it would stay in browser history and proxy logs.
            let inAddress = try await t.get("/residents?idNumber=\(full)", as: worker)
            #expect(inAddress.status == .badRequest && !inAddress.body.contains(full))

            // Looking up by full number goes in a form body, never in an address: found in scope opens the resident,
            // elsewhere and missing get the same answer, a wrong number is named.
            func find(_ number: String) async throws -> (HTTPStatus, String, String) {
                let answer = try await t.post("/residents/find", ["idNumber": number], as: worker)
                return (answer.status, answer.location, answer.body)
            }
            #expect(try await find(full).1 == "/residents/\(id)")
            struct Sealed: Decodable { let id_sealed: String }
            let elsewhereID = try await t.id(ScopeTests.residentIn("经纬社区"))
            let elsewhereNumber = try t.app.gongzhi.vault.open(try await t.app.db.sql.raw("SELECT id_sealed FROM residents WHERE id = \(bind: elsewhereID)").first(decoding: Sealed.self)!.id_sealed)
            let refused = try await find(elsewhereNumber)
            #expect(refused.0 == .notFound && refused.2.contains("没有找到") && !refused.2.contains(elsewhereNumber))
            #expect(try await find("110105194912310021").2.contains("有效的18位公民身份号码"))

            func reveal(_ reason: String, as headers: HTTPHeaders, resident: Int) async throws -> (HTTPStatus, String) {
                let answer = try await t.post("/residents/\(resident)/reveal", ["field": "idNumber", "reason": reason], as: headers)
                return (answer.status, answer.body)
            }
            let noReason = try await reveal("  ", as: worker, resident: id)
            #expect(noReason.0 == .unprocessableEntity && noReason.1.contains("事由") && !noReason.1.contains(full))
            let shown = try await reveal("为其办理高龄津贴申领", as: worker, resident: id)
            #expect(shown.0 == .ok && shown.1.contains(full))
            struct Entry: Decodable { let username: String?; let detail: String? }
            let entries = try await t.app.db.sql.raw("SELECT username, detail FROM audit_entries WHERE action = 'reveal'").all(decoding: Entry.self)
            #expect(entries.count == 1 && entries[0].username == "tongxin" && entries[0].detail?.contains("为其办理高龄津贴申领") == true)

            // A building leader may not; a worker of another community gets the same refusal as for a missing record.
            #expect(try await reveal("核对身份信息", as: try await t.signIn("louzu"), resident: id).0 == .forbidden)
            let elsewhere = try await t.id(ScopeTests.residentIn("经纬社区"))
            #expect(try await reveal("核对身份信息", as: worker, resident: elsewhere).0 == .forbidden)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'reveal'") == 1)

            // Exports are masked; a full export needs a reason and is recorded with it.
            func sheet(_ body: ByteBuffer) -> [SheetRow] { (try? XLSXReader.firstSheet(Data(buffer: body))) ?? [] }
            try await t.app.testing().test(.GET, "/exchange/residents/export.xlsx", headers: worker) { res in
                let rows = sheet(res.body)
                #expect(rows.contains { $0.cells.values.contains(stored.id_masked) } && !rows.contains { $0.cells.values.contains(full) })
            }
            for (reason, status) in [("", HTTPStatus.unprocessableEntity), ("报送区民政局高龄津贴名册", .ok)] {
                try await t.app.testing().test(.POST, "/exchange/residents/export-unmasked", headers: worker, beforeRequest: { req in
                    try req.content.encode(["reason": reason], as: .urlEncodedForm)
                }) { res in
                    #expect(res.status == status)
                    if status == .ok { #expect(sheet(res.body).contains { $0.cells.values.contains(full) }) }
                }
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'export' AND detail LIKE '%报送区民政局%'") == 1)
            try await t.app.testing().test(.POST, "/exchange/residents/export-unmasked", headers: try await t.signIn("louzu"), beforeRequest: { req in
                try req.content.encode(["reason": "核对身份信息"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
        }
    }
}

/// Uploads are limited in size and type: a file over the limit is refused before it is read, one that is not .xlsx
/// is named as such; nothing is written either way.
struct UploadLimitTests {
    @Test func oversizedAndNonXLSXUploadsAreRefused() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM residents")
            // A real server streams the body, so the limit applies while it arrives.
            try await t.app.testing(method: .running(port: 0)).test(.POST, "/exchange/residents", headers: worker, beforeRequest: { req in
                HTTPHeaders.multipart(file: Data(count: CSRFProtection.maxBody + 1024), filename: "big.xlsx", into: &req)
            }) { res in
                #expect(res.status == .payloadTooLarge && res.body.string.contains("超过32MB"), "\(res.status)")
            }
            try await t.app.testing().test(.POST, "/exchange/residents", headers: worker, beforeRequest: { req in
                HTTPHeaders.multipart(file: Data("姓名,身份证\n张三,1\n".utf8), filename: "people.csv", into: &req)
            }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("不是有效的.xlsx"), "\(res.status)")
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents") == before)
        }
    }
}
