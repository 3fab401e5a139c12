import Fluent
import FluentSQL
import GongzhiKit

struct CreatePartyMembers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PartyMember.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(PartyOrganization.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("resident_id", .int, .references(Resident.schema, .id))
            .field("name", .string)
            .field("gender", .string)
            .field("category", .string, .required)
            .field("joined_on", .string)
            .field("workplace", .string)
            .field("id_sealed", .string)
            .field("id_hash", .string)
            .field("id_masked", .string)
            .field("phone_sealed", .string)
            .field("phone_masked", .string)
            .create()
        try await db.createIndex(PartyMember.schema, "resident_id", unique: true)
        try await db.createIndex(PartyMember.schema, "id_hash", unique: true)
        try await db.createIndex(PartyMember.schema, "organization_id")
        try await db.createIndex(PartyMember.schema, "path", "category")
    }
    func revert(on db: any Database) async throws { try await db.schema(PartyMember.schema).delete() }
}
