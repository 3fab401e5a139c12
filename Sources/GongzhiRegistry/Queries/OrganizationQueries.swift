import Fluent
import GongzhiCore
import GongzhiKit

/// Units and facilities within a user's places, for their pages and the API alike.
enum OrganizationQueries {
    struct Filter: Sendable { var kind: OrganizationKind?; var redOnly = false }

    /// One page of units (by kind then name unless sorted by name), with the total that match.
    static func organizations(_ filter: Filter, scope: PlaceScope, list: ListQuery, on db: any Database) async throws -> (total: Int, rows: [Organization]) {
        let query = Organization.query(on: db).within(scope, \.$path)
        if let kind = filter.kind { query.filter(\.$kind == kind) }
        if filter.redOnly { query.filter(\.$redProperty == true) }
        let total = try await query.count()
        if list.sortKey == "name" { query.sort(\.$nameKey, list.descending ? .descending : .ascending) }
        else { query.sort(\.$kind, list.descending ? .descending : .ascending).sort(\.$nameKey) }
        return (total, try await query.sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all())
    }

    /// One page of facilities within the user's places, sorted as asked, with the total.
    static func facilities(scope: PlaceScope, list: ListQuery, on db: any Database) async throws -> (total: Int, rows: [Facility]) {
        let query = Facility.query(on: db).within(scope, \.$path)
        let total = try await query.count()
        let direction: DatabaseQuery.Sort.Direction = list.descending ? .descending : .ascending
        switch list.sortKey {
        case "name": query.sort(\.$name, direction)
        case "area": query.sort(\.$areaM2, direction)
        default: query.sort(\.$kind, direction)
        }
        return (total, try await query.sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all())
    }

    static let organizationSorts = ["name", "kind"], facilitySorts = ["name", "kind", "area"]
}
