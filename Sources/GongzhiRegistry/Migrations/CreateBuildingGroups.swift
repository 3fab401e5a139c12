import Fluent
import FluentSQL
import GongzhiKit

struct CreateBuildingGroups: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(BuildingGroup.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("place_id", .int, .required, .references(Place.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("name", .string, .required)
            .create()
        try await db.createIndex(BuildingGroup.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(BuildingGroup.schema).delete() }
}
