import Fluent
import FluentSQL
import GongzhiKit

struct CreateOrganizations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Organization.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("place_id", .int, .required, .references(Place.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("red_property", .bool, .required)
            .field("has_party_organization", .bool, .required)
            .field("address", .string)
            .field("contact", .string)
            .unique(on: "name")
            .create()
        try await db.createIndex(Organization.schema, "path", "kind")
    }
    func revert(on db: any Database) async throws { try await db.schema(Organization.schema).delete() }
}
