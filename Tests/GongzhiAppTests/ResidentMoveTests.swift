import Fluent
import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A resident who moves house within the subdistrict is moved, not retyped: both places are recounted, and what other
/// modules keep about the resident (a veteran's record and medal receipts) moves along, by the form and by the ledger
/// import alike. A resident whom another module still holds is not removed behind its back.
struct ResidentMoveTests {
    /// Registers a resident of 通信花园社区 as a veteran with a medal, as a worker does on the veterans' page.
    static func registerVeteran(_ t: TestApp, as worker: HTTPHeaders) async throws -> Int {
        let resident = try await t.id(RegistryEditTests.first("residents", in: "通信花园社区", where: "t.id_sealed IS NOT NULL AND t.id NOT IN (SELECT resident_id FROM veterans)"))
        struct Sealed: Decodable { let id_sealed: String }
        let sealed = try await t.app.db.sql.raw("SELECT id_sealed FROM residents WHERE id = \(bind: resident)").first(decoding: Sealed.self)!.id_sealed
        let registered = try await t.post("/veterans", ["idNumber": try t.app.gongzhi.vault.open(sealed), "war": "korean", "service": "志愿军某部"], as: worker)
        #expect(registered.status == .seeOther, "\(registered.body.prefix(300))")
        let veteran = try await t.id("SELECT id AS n FROM veterans WHERE resident_id = \(resident)")
        let medal = try await t.post("/veterans/medals", ["veteranID": String(veteran), "medal": "纪念章", "issuedOn": "2020-10-25", "receiptSignedBy": "家属"], as: worker)
        #expect(medal.status == .seeOther, "\(medal.body.prefix(300))")
        return resident
    }

    /// A household of the community in another dwelling than the resident's.
    static func otherHousehold(of resident: Int, in community: String) -> String {
        """
        SELECT h.id AS n FROM households h JOIN places c ON h.path >= c.path AND h.path < SUBSTR(c.path, 1, LENGTH(c.path) - 1) || '0'
        WHERE c.name = '\(community)' AND h.path <> (SELECT path FROM residents WHERE id = \(resident)) ORDER BY h.id LIMIT 1
        """
    }

    @Test(arguments: TestDatabase.available) func aVeteranMovesHouseWithTheirRecords(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let resident = try await Self.registerVeteran(t, as: worker)
            let target = try await t.id(Self.otherHousehold(of: resident, in: "通信花园社区"))
            struct Code: Decodable { let code: String; let path: String }
            let household = try await t.app.db.sql.raw("SELECT code, path FROM households WHERE id = \(bind: target)").first(decoding: Code.self)!
            let elsewhere = try await t.app.db.sql.raw("SELECT h.code, h.path FROM households h JOIN places c ON h.path LIKE c.path || '%' WHERE c.name = '经纬社区' LIMIT 1").first(decoding: Code.self)!
            func residentsAt(_ path: String) async throws -> Int { try await t.scalar("SELECT resident_count AS n FROM places WHERE path = '\(path)'") }
            let oldDwelling = try await t.app.db.sql.raw("SELECT path AS code, path FROM residents WHERE id = \(bind: resident)").first(decoding: Code.self)!.path
            let (fromBefore, toBefore) = (try await residentsAt(oldDwelling), try await residentsAt(household.path))

            for (code, message) in [("12345", "应为18位数字"), (elsewhere.code, "不存在或不在您的管辖范围内")] {
                let refused = try await t.post("/residents/\(resident)/move", ["householdCode": code], as: worker)
                #expect(refused.status == .unprocessableEntity && refused.body.contains(message), "\(code)")
            }
            #expect(try await residentsAt(oldDwelling) == fromBefore, "a refused move changes nothing")

            #expect(try await t.post("/residents/\(resident)/move", ["householdCode": household.code], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT household_id AS n FROM residents WHERE id = \(resident)") == target)
            #expect(try await residentsAt(oldDwelling) == fromBefore - 1)
            #expect(try await residentsAt(household.path) == toBefore + 1)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM veterans WHERE resident_id = \(resident) AND path = '\(household.path)'") == 1)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM medal_issues m JOIN veterans v ON v.id = m.veteran_id WHERE v.resident_id = \(resident) AND m.path <> v.path") == 0)

            // Removing the resident would leave the veterans' record without its person: refused, naming why.
            let removal = try await t.post("/residents/\(resident)/delete", [:], as: worker)
            #expect(removal.status == .conflict && removal.body.contains("退役军人登记"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE id = \(resident)") == 1)
        }
    }

    @Test func theLedgerImportMovesVeteransRecordsToo() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let resident = try await Self.registerVeteran(t, as: worker)
            let target = try await t.id(Self.otherHousehold(of: resident, in: "通信花园社区"))
            var rows: [SheetRow] = []
            try await t.app.testing().test(.GET, "/exchange/residents/export.xlsx", headers: worker) { res in rows = try XLSXReader.firstSheet(Data(buffer: res.body)) }
            struct Code: Decodable { let code: String; let path: String }
            let household = try await t.app.db.sql.raw("SELECT code, path FROM households WHERE id = \(bind: target)").first(decoding: Code.self)!
            let columns = ImportTests.header.indices
            let there = try #require(rows.first { $0[6] == household.code })
            let stored = try #require(rows.first { $0[0] == String(resident) })
            var row = columns.map { stored[$0] }
            for column in 1...6 { row[column] = there[column] }

            let file = try XLSXWriter.workbook(sheetName: "居民台账", header: ImportTests.header, rows: [row])
            let (status, body) = try await t.upload("residents", file, as: worker)
            #expect(status == .ok && body.contains("更新1条"), "\(body.prefix(400))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM veterans WHERE resident_id = \(resident) AND path = '\(household.path)'") == 1)
        }
    }

    @Test func anEmptyHouseholdIsRemovedAndAnOccupiedOneIsNot() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let resident = try await t.id(RegistryEditTests.first("residents", in: "通信花园社区"))
            let occupied = try await t.id("SELECT household_id AS n FROM residents WHERE id = \(resident)")
            let dwelling = try await t.id("SELECT d.id AS n FROM places d JOIN residents r ON r.path = d.path WHERE r.id = \(resident)")
            let before = try await t.scalar("SELECT household_count AS n FROM places WHERE id = \(dwelling)")

            let added = try await t.post("/places/\(dwelling)/households", [:], as: worker)
            let empty = try #require(Int(added.location.replacingOccurrences(of: "/households/", with: "")))
            #expect(try await t.scalar("SELECT household_count AS n FROM places WHERE id = \(dwelling)") == before + 1)
            #expect(try await t.get("/households/\(empty)", as: worker).body.contains("删除空户"))
            #expect(!(try await t.get("/households/\(occupied)", as: worker).body.contains("删除空户")))

            let refused = try await t.post("/households/\(occupied)/delete", [:], as: worker)
            #expect(refused.status == .conflict && refused.body.contains("请先将其迁至他户或删除"))
            #expect(try await t.post("/households/\(empty)/delete", [:], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT household_count AS n FROM places WHERE id = \(dwelling)") == before)
            #expect(try await t.post("/households/\(empty)/delete", [:], as: try await t.signIn("jiedao")).status == .forbidden, "gone: the same answer as elsewhere")
        }
    }
}
