import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

extension RegistryDirectory {
    /// A household as other modules see it: its dwelling (address and exclusive area) and how many live in it.
    public struct HouseholdEntry: Sendable, Codable, Equatable {
        public let id: Int, code: String, dwellingID: Int, path: String, address: String
        /// The dwelling's exclusive area in hundredths of a square metre (0 where none is recorded).
        public let area: Int
        public let residents: Int
        /// Residents aged 18 or more on the day asked.
        public let adults: Int
    }

    /// The households under any of `scope`'s places, in address order; adults are counted on `day`.
    public static func households(within scope: PlaceScope, adultsOn day: CivilDate, on db: any Database) async throws -> [HouseholdEntry] {
        try await households(where: scope.predicate("path", table: "h"), adultsOn: day, on: db)
    }

    /// The households with these ids.
    public static func households(ids: [Int], adultsOn day: CivilDate, on db: any Database) async throws -> [HouseholdEntry] {
        guard !ids.isEmpty else { return [] }
        return try await households(where: SQLBinaryExpression(SQLColumn("id", table: "h"), .in, SQLBind.group(ids)), adultsOn: day, on: db)
    }

    static func households(where predicate: any SQLExpression, adultsOn day: CivilDate, on db: any Database) async throws -> [HouseholdEntry] {
        struct Row: Decodable { let id: Int; let code: String; let dwelling_id: Int; let path: String; let address: String; let area: Double?; let residents: Int; let adults: Int }
        let cutoff = day.adding(years: -18)
        let rows = try await db.sql.select()
            .column(SQLColumn("id", table: "h")).column(SQLColumn("code", table: "h")).column(SQLColumn("dwelling_id", table: "h"))
            .column(SQLColumn("path", table: "h")).column(SQLColumn("address", table: "p")).column(SQLColumn("area", table: "p"))
            .column(SQLRaw("(SELECT COUNT(*) FROM residents r WHERE r.household_id = h.id)"), as: "residents")
            .column(SQLRaw("(SELECT COUNT(*) FROM residents r WHERE r.household_id = h.id AND r.birth_date <= '\(cutoff.description)')"), as: "adults")
            .from(SQLAlias(SQLIdentifier(Household.schema), as: SQLIdentifier("h")))
            .join(SQLAlias(SQLIdentifier(Place.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                  on: SQLColumn("dwelling_id", table: "h"), .equal, SQLColumn("id", table: "p"))
            .where(predicate)
            .orderBy(SQLColumn("path", table: "h")).orderBy(SQLColumn("code", table: "h"))
            .all(decoding: Row.self)
        return rows.map { r in
            HouseholdEntry(id: r.id, code: r.code, dwellingID: r.dwelling_id, path: r.path, address: r.address,
                           area: r.area.map(SquareMetres.hundredths) ?? 0, residents: r.residents, adults: r.adults)
        }
    }

    /// A household's place only: its id, its dwelling's path and address. The light list for lists of every household
    /// (a census campaign's visits), without counting anyone in it.
    public struct HouseholdPlace: Sendable, Decodable, Equatable { public let id: Int, path: String, address: String }

    public static func householdPlaces(within scope: PlaceScope, on db: any Database) async throws -> [HouseholdPlace] {
        try await db.sql.select()
            .column(SQLColumn("id", table: "h")).column(SQLColumn("path", table: "h")).column(SQLColumn("address", table: "p"))
            .from(SQLAlias(SQLIdentifier(Household.schema), as: SQLIdentifier("h")))
            .join(SQLAlias(SQLIdentifier(Place.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                  on: SQLColumn("dwelling_id", table: "h"), .equal, SQLColumn("id", table: "p"))
            .where(scope.predicate("path", table: "h"))
            .orderBy(SQLColumn("path", table: "h")).orderBy(SQLColumn("id", table: "h"))
            .all(decoding: HouseholdPlace.self)
    }

    /// The household a resident lives in now.
    public static func householdID(ofResident id: Int, on db: any Database) async throws -> Int? {
        try await Resident.find(id, on: db)?.householdID
    }

    /// The residents of these households born on or before `date` (the adults), by household.
    public static func residents(inHouseholds ids: [Int], bornOnOrBefore date: CivilDate, on db: any Database) async throws -> [ResidentEntry] {
        guard !ids.isEmpty else { return [] }
        var result: [ResidentEntry] = []
        for chunk in ids.chunked(1_000) {
            result += try await Resident.query(on: db).filter(\.$householdID ~~ Array(chunk)).filter(\.$birthDate <= date.description)
                .sort(\.$path).sort(\.$id).all().map { try $0.entry }
        }
        return result
    }

    /// The residents of a household, oldest first.
    public static func residents(ofHousehold id: Int, on db: any Database) async throws -> [ResidentEntry] {
        try await Resident.query(on: db).filter(\.$householdID == id).sort(\.$birthDate).sort(\.$id).all().map { try $0.entry }
    }

    /// A dwelling as the Civil Code counts it: its exclusive area and its owner.
    public struct PartEntry: Sendable, Codable, Equatable {
        public let dwellingID: Int, path: String, address: String
        /// Hundredths of a square metre.
        public let area: Int
        /// The owner's key (their ID-number hash; a dwelling whose owner has no number recorded is its own owner), nil: unsold.
        public let owner: String?
        public let ownerName: String?
        public var part: ExclusivePart { ExclusivePart(dwellingID: dwellingID, area: area, owner: owner) }
    }

    /// The dwellings under any of `scope`'s places, with their owners, in address order.
    public static func exclusiveParts(within scope: PlaceScope, on db: any Database) async throws -> [PartEntry] {
        try await Place.query(on: db).filter(\.$kind == .dwelling).within(scope, \.$path).sort(\.$path).all().map { p in
            let id = try p.requireID()
            return PartEntry(dwellingID: id, path: p.path, address: p.address, area: p.area.map(SquareMetres.hundredths) ?? 0,
                             owner: p.ownerUnsold == true ? nil : p.ownerIDHash ?? "dwelling:\(id)", ownerName: p.ownerUnsold == true ? nil : p.ownerName)
        }
    }

    /// The owner key of a resident: their ID-number hash under the current key, which owners' records use too.
    public static func ownerKey(ofResident id: Int, on db: any Database) async throws -> String? {
        try await Resident.find(id, on: db)?.idHash
    }
}
