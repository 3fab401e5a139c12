import Fluent
import FluentSQL
import GongzhiKit

struct CreateHouseholds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Household.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("dwelling_id", .int, .required, .references(Place.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("code", .string, .required)
            .unique(on: "code")
            .create()
        try await db.createIndex(Household.schema, "dwelling_id")
        try await db.createIndex(Household.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(Household.schema).delete() }
}
