import Fluent
import FluentSQL
import GongzhiKit

struct CreateFacilities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Facility.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("place_id", .int, .required, .references(Place.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("area_m2", .double)
            .field("opened_on", .string)
            .create()
        try await db.createIndex(Facility.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(Facility.schema).delete() }
}
