import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Party members are counted where they live, below the community too: a building's figure is its residents who are
/// members, its building-group leader sees them, and a member who moves house moves the figures of both buildings.
struct MemberFiguresTests {
    /// The building a place path lies in.
    static func building(of path: String) -> String {
        "SELECT b.id AS n FROM places b WHERE b.kind = 'building' AND '\(path)' LIKE b.path || '%'"
    }

    @Test(arguments: TestDatabase.available) func membersAreCountedWhereTheyLive(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            // The leader of 纬五路13号院 1号楼 sees exactly the members who live in it, and the building's figure agrees.
            let building = try await t.id("SELECT b.id AS n FROM places b JOIN places c ON b.parent_id = c.id WHERE c.name = '纬五路13号院' AND b.name = '1号楼'")
            let path = "(SELECT path FROM places WHERE id = \(building))"
            let living = try await t.scalar("SELECT COUNT(*) AS n FROM party_members WHERE path LIKE \(path) || '%'")
            #expect(living > 0, "the small demo has members in the leader's building")
            #expect(try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(building)") == living)
            let leader = try await t.signIn("louzu")
            struct Page: Decodable { let total: Int }
            let list = try await t.get("/api/v1/party/members", as: leader)
            #expect(list.status == .ok)
            #expect(try JSONDecoder().decode(Page.self, from: Data(list.body.utf8)).total == living)

            // A member who moves to a household in another building of the community takes their count along.
            let worker = try await t.signIn("tongxin")
            let resident = try await t.id("SELECT m.resident_id AS n FROM party_members m WHERE m.path LIKE \(path) || '%' ORDER BY m.id LIMIT 1")
            struct Target: Decodable { let code: String; let path: String }
            let target = try await t.app.db.sql.raw("""
                SELECT h.code, h.path FROM households h JOIN places c ON h.path LIKE c.path || '%'
                WHERE c.name = '通信花园社区' AND h.path NOT LIKE \(unsafeRaw: path) || '%' ORDER BY h.id LIMIT 1
                """).first(decoding: Target.self)!
            let destination = try await t.id(Self.building(of: target.path))
            let before = try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(destination)")
            let moved = try await t.post("/residents/\(resident)/move", ["householdCode": target.code], as: worker)
            #expect(moved.status == .seeOther, "\(moved.body.prefix(300))")
            #expect(try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(building)") == living - 1)
            #expect(try await t.scalar("SELECT party_member_count AS n FROM places WHERE id = \(destination)") == before + 1)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_members WHERE resident_id = \(resident) AND path = '\(target.path)'") == 1)
        }
    }
}
