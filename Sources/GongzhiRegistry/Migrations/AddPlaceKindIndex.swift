import Fluent
import GongzhiKit

/// Places of one kind within a scope (the communities of a subdistrict, the buildings of a community) are asked for
/// on most pages: an index on kind and path reads them without scanning every dwelling under the scope.
struct AddPlaceKindIndex: AsyncMigration {
    func prepare(on db: any Database) async throws { try await db.createIndex(Place.schema, "kind", "path") }
    func revert(on db: any Database) async throws { try await db.sql.raw("DROP INDEX places_kind_path_idx").run() }
}
