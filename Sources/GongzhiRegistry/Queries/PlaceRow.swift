import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// A place as list pages, breadcrumbs and the overview read it: a plain row, read column by column.
/// Pages read dozens of places per request; a Fluent model pays for reflection on every one,
/// so lists read rows and only the place being edited is a `Place` model.
struct PlaceRow: RowDecodable {
    let id: Int
    let parentId: Int?
    let kind: PlaceKind
    let name: String
    let code: String?
    let path: String
    let depth: Int
    let managementType: ManagementType?
    let geometry: String?
    let residentCount: Int
    let householdCount: Int
    let dwellingCount: Int
    let partyMemberCount: Int
    let inServiceCount: Int
    let retiredCount: Int
    let directlyManagedCount: Int

    static let columns = ["id", "parent_id", "kind", "name", "code", "path", "depth", "management_type", "geometry", "resident_count",
                          "household_count", "dwelling_count", "party_member_count", "in_service_count", "retired_count", "directly_managed_count"]

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int.self)
        parentId = try row.decode(optional: "parent_id", as: Int.self)
        kind = try row.decode(enum: "kind", as: PlaceKind.self)
        name = try row.decode(column: "name", as: String.self)
        code = try row.decode(optional: "code", as: String.self)
        path = try row.decode(column: "path", as: String.self)
        depth = try row.decode(column: "depth", as: Int.self)
        managementType = try row.decode(optionalEnum: "management_type", as: ManagementType.self)
        geometry = try row.decode(optional: "geometry", as: String.self)
        residentCount = try row.decode(column: "resident_count", as: Int.self)
        householdCount = try row.decode(column: "household_count", as: Int.self)
        dwellingCount = try row.decode(column: "dwelling_count", as: Int.self)
        partyMemberCount = try row.decode(column: "party_member_count", as: Int.self)
        inServiceCount = try row.decode(column: "in_service_count", as: Int.self)
        retiredCount = try row.decode(column: "retired_count", as: Int.self)
        directlyManagedCount = try row.decode(column: "directly_managed_count", as: Int.self)
    }

    /// `SELECT <columns> FROM places`, to be narrowed with `where`, `orderBy` and `limit`.
    static func select(on db: any Database) -> SQLSelectBuilder { db.sql.select().columns(of: Self.self, in: Place.schema) }
}

extension SQLSelectBuilder {
    func places() async throws -> [PlaceRow] { try await rows(PlaceRow.self) }
}
