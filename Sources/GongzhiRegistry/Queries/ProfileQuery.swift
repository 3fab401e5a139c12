import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// Counts the profile of a subdistrict from its records (报表一键生成).
enum ProfileQuery {
    struct CountRow: Decodable {
        let key: String; let n: Int
        enum CodingKeys: String, CodingKey { case key, n }
        /// Group keys are text or integer columns; both are read as text.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            // Integer first: PostgreSQL hands a bigint to a String decoder as its bytes, not its digits.
            if let number = try? c.decode(Int.self, forKey: .key) { key = String(number) } else { key = try c.decode(String.self, forKey: .key) }
            n = try c.decode(Int.self, forKey: .n)
        }
    }

    static func profile(of subdistrict: Place, on db: any Database) async throws -> SubdistrictProfile {
        let scope = PlaceScope(paths: [subdistrict.path])
        let communities = try await Place.query(on: db).filter(\.$parentID == subdistrict.id).filter(\.$kind == .community).count()
        let partyOrgs = try await counts(PartyOrganization.schema, "kind", scope, on: db)
        let orgs = try await counts(Organization.schema, "kind", scope, on: db)
        return SubdistrictProfile(
            areaKm2: subdistrict.area ?? 0, communities: communities,
            communityCommittees: partyOrgs[PartyOrganizationKind.communityCommittee.rawValue] ?? 0,
            generalBranches: partyOrgs[PartyOrganizationKind.generalBranch.rawValue] ?? 0,
            population: subdistrict.residentCount, partyMembers: subdistrict.partyMembersByCategory,
            residentUnits: orgs[OrganizationKind.residentUnit.rawValue] ?? 0,
            twoNewOrganizations: OrganizationKind.twoNew.reduce(0) { $0 + (orgs[$1.rawValue] ?? 0) })
    }

    /// `SELECT column, COUNT(*) … GROUP BY column` over the records of a table within `scope`.
    static func counts(_ table: String, _ column: String, _ scope: PlaceScope, on db: any Database) async throws -> [String: Int] {
        let rows = try await db.sql.select()
            .column(SQLAlias(SQLColumn(column), as: SQLIdentifier("key")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(table).where(scope.predicate("path")).groupBy(column)
            .all(decoding: CountRow.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.n) })
    }

    /// The same counts for each child of `parent` (each community of a subdistrict), in one query.
    static func countsByChild(of parent: Place, _ table: String, _ column: String, on db: any Database) async throws -> [Int: [String: Int]] {
        struct Row: Decodable { let place: Int; let key: String; let n: Int }
        let rows = try await db.sql.raw("""
            SELECT places.id AS place, t.\(unsafeRaw: column) AS key, COUNT(*) AS n
            FROM places JOIN \(unsafeRaw: table) t ON \(unsafeRaw: Rollups.under("t"))
            WHERE places.parent_id = \(bind: try parent.requireID())
            GROUP BY places.id, t.\(unsafeRaw: column)
            """).all(decoding: Row.self)
        var result: [Int: [String: Int]] = [:]
        for row in rows { result[row.place, default: [:]][row.key] = row.n }
        return result
    }
}
