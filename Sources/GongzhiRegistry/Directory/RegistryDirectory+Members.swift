import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

extension RegistryDirectory {
    /// A party member as other modules see them: the name from the resident record where they are one, and the place
    /// where they are counted (where they live; an outside person's at their organisation's place).
    public struct PartyMemberEntry: Sendable, Codable, Equatable {
        public let id: Int, name: String, category: PartyMemberCategory, organizationID: Int, path: String
        /// The workplace as the member record holds it (free text), for a first guess at the workplace list.
        public let workplace: String?
        public let residentID: Int?
    }

    /// The members of `category` (all when nil) counted within `scope`, in pinyin order of their names.
    public static func partyMembers(_ category: PartyMemberCategory?, within scope: PlaceScope, on db: any Database) async throws -> [PartyMemberEntry] {
        var predicate: any SQLExpression = scope.predicate("path", table: "m")
        if let category { predicate = SQLBinaryExpression(predicate, .and, SQLBinaryExpression(SQLColumn("category", table: "m"), .equal, SQLBind(category.rawValue))) }
        return try await partyMembers(where: predicate, on: db)
    }

    /// How many members of `category` are counted under each of `places` (within `scope`): one count on the path index
    /// per place, no rows read.
    public static func partyMemberCounts(_ category: PartyMemberCategory, under places: [PlaceEntry], within scope: PlaceScope, on db: any Database) async throws -> [Int: Int] {
        var result: [Int: Int] = [:]
        for place in places {
            result[place.id] = try await PartyMember.query(on: db).filter(\.$category == category).within(scope, \.$path)
                .within(PlaceScope(paths: [place.path]), \.$path).count()
        }
        return result
    }

    /// How many members the party organisations with these ids have, together.
    public static func partyMemberCount(organizationIDs ids: [Int], on db: any Database) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await PartyMember.query(on: db).filter(\.$organizationID ~~ ids).count()
    }

    /// The members with these ids.
    public static func partyMembers(ids: [Int], on db: any Database) async throws -> [PartyMemberEntry] {
        guard !ids.isEmpty else { return [] }
        var result: [PartyMemberEntry] = []
        for chunk in ids.chunked(1_000) {
            result += try await partyMembers(where: SQLBinaryExpression(SQLColumn("id", table: "m"), .in, SQLBind.group(Array(chunk))), on: db)
        }
        return result
    }

    /// The members who are these residents (a building group's leader must be one).
    public static func partyMembers(residentIDs ids: [Int], on db: any Database) async throws -> [PartyMemberEntry] {
        try await ids.chunked(1_000).asyncFlatMap {
            try await partyMembers(where: SQLBinaryExpression(SQLColumn("resident_id", table: "m"), .in, SQLBind.group(Array($0))), on: db)
        }
    }

    static func partyMembers(where predicate: any SQLExpression, on db: any Database) async throws -> [PartyMemberEntry] {
        struct Row: Decodable { let id: Int; let name: String?; let category: String; let organization_id: Int; let path: String; let workplace: String?; let resident_id: Int? }
        let rows = try await db.sql.select()
            .column(SQLColumn("id", table: "m"))
            .column(SQLAlias(SQLFunction("COALESCE", args: SQLColumn("name", table: "r"), SQLColumn("name", table: "m")), as: SQLIdentifier("name")))
            .column(SQLColumn("category", table: "m")).column(SQLColumn("organization_id", table: "m")).column(SQLColumn("path", table: "m"))
            .column(SQLColumn("workplace", table: "m")).column(SQLColumn("resident_id", table: "m"))
            .from(SQLAlias(SQLIdentifier(PartyMember.schema), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier(Resident.schema), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLColumn("resident_id", table: "m"), .equal, SQLColumn("id", table: "r"))
            .where(predicate)
            .orderBy(SQLFunction("COALESCE", args: SQLColumn("name_key", table: "r"), SQLColumn("name_key", table: "m")))
            .orderBy(SQLColumn("id", table: "m"))
            .all(decoding: Row.self)
        return rows.compactMap { r in
            guard let category = PartyMemberCategory(rawValue: r.category) else { return nil }
            return PartyMemberEntry(id: r.id, name: r.name ?? "—", category: category, organizationID: r.organization_id, path: r.path,
                                    workplace: r.workplace, residentID: r.resident_id)
        }
    }

    /// The community a place path lies in (nil above the communities).
    public static func community(of path: String, on db: any Database) async throws -> PlaceEntry? {
        try await places(ids: PlaceScope.ids(in: path), on: db).first { $0.kind == .community }
    }
}
