import Fluent
import FluentSQL
import GongzhiKit

struct CreatePartyOrganizations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PartyOrganization.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("parent_id", .int, .references(PartyOrganization.schema, .id))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("place_id", .int, .required, .references(Place.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("founded_on", .string)
            .create()
        try await db.createIndex(PartyOrganization.schema, "parent_id")
        try await db.createIndex(PartyOrganization.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(PartyOrganization.schema).delete() }
}
