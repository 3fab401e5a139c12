import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Registering a party member by ID number: a resident is linked without retyping, an outside person needs a name,
/// and nobody is registered twice.
struct PartyMemberFormTests {
    @Test func registerByIDNumber() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let resident = try await t.id("SELECT r.id AS n FROM residents r JOIN places p ON r.path >= p.path AND r.path < SUBSTR(p.path, 1, LENGTH(p.path) - 1) || '0' WHERE p.name = '通信花园社区' AND r.id NOT IN (SELECT resident_id FROM party_members WHERE resident_id IS NOT NULL) ORDER BY r.id LIMIT 1")
            struct Row: Decodable { let id_sealed: String }
            let sealed = try await t.app.db.sql.raw("SELECT id_sealed FROM residents WHERE id = \(bind: resident)").first(decoding: Row.self)!.id_sealed
            let residentID = try t.app.gongzhi.vault.open(sealed)
            let org = try await t.id("SELECT o.id AS n FROM party_organizations o JOIN places p ON o.place_id = p.id WHERE p.name = '通信花园社区' ORDER BY o.id LIMIT 1")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let before = try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(community)")

            func register(_ form: [String: String]) async throws -> (HTTPStatus, String, String) {
                let answer = try await t.post("/party/members", form, as: worker)
                return (answer.status, answer.body, answer.location)
            }
            let base = ["category": "inService", "organizationID": String(org), "workplace": "河南合作大厦"]
            var form = base; form["idNumber"] = residentID
            let linked = try await register(form)
            let member = try await t.id("SELECT id AS n FROM party_members WHERE resident_id = \(resident)")
            #expect(linked.0 == .seeOther && linked.2 == "/party/members/\(member)", "a resident is linked, not retyped")
            struct Name: Decodable { let name: String }
            let name = try await t.app.db.sql.raw("SELECT name FROM residents WHERE id = \(bind: resident)").first(decoding: Name.self)!.name
            let page = try await t.get("/party/members/\(member)", as: worker).body
            #expect(page.contains("<h1>\(name) ") && page.contains("href=\"/residents/\(resident)\""), "the member page shows the resident's own record")
            #expect(try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(community)") == before + 1)
            #expect(try await register(form).1.contains("该居民已登记为党员"))

            let digits = "41010219700101001".compactMap(\.wholeNumberValue)
            let outsider = "41010219700101001" + String(CitizenID.checkCharacter(for: digits))
            form["idNumber"] = outsider
            let unnamed = try await register(form)
            #expect(unnamed.0 == .unprocessableEntity && unnamed.1.contains("须填写姓名"))
            form["name"] = "外来党员"
            #expect(try await register(form).0 == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_members WHERE name = '外来党员' AND id_masked LIKE '410102%' AND id_sealed NOT LIKE '%\(outsider)%'") == 1)
            #expect(try await register(form).1.contains("已登记为党员"))
            form["idNumber"] = "41010219700101001X"
            #expect(try await register(form).1.contains("校验位错误"))
        }
    }
}
