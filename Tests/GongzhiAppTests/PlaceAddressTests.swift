import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// A place's address is kept on it; renaming a compound changes the address of everything beneath it at once.
struct PlaceAddressTests {
    @Test(arguments: TestDatabase.available)
    func renamingACompoundMovesEveryAddressBeneath(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let compound = try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")
            let resident = try await t.id("SELECT r.id AS n FROM residents r JOIN places p ON r.path >= p.path AND r.path < SUBSTR(p.path, 1, LENGTH(p.path) - 1) || '0' WHERE p.id = \(compound) ORDER BY r.id LIMIT 1")
            #expect(try await t.get("/residents/\(resident)", as: worker).body.contains("通信花园社区 纬五路13号院 1号楼"))
            try await t.app.testing().test(.POST, "/places/\(compound)", headers: worker, beforeRequest: { req in
                try req.content.encode(["name": "纬五路十三号院", "managementType": "ownerless", "version": "1"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/residents/\(resident)", as: worker).body.contains("通信花园社区 纬五路十三号院 1号楼"))
            let search = try await t.get("/residents?address=%E7%BA%AC%E4%BA%94%E8%B7%AF%E5%8D%81%E4%B8%89%E5%8F%B7%E9%99%A2", as: worker)
            #expect(search.body.contains("<td>通信花园社区 纬五路十三号院 "))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places WHERE address LIKE '%纬五路13号院%'") == 0)
        }
    }
}
