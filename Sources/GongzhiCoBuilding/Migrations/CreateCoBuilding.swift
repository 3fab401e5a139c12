import Fluent
import FluentSQL
import GongzhiKit

struct CreateCoBuilding: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CommitteeMember.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("committee_id", .int, .required, .references("party_organizations", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("organization_id", .int, .required, .references("organizations", "id"))
            .field("joined_on", .string, .required)
            .unique(on: "committee_id", "organization_id")
            .create()
        try await db.schema(Agreement.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references("organizations", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("title", .string, .required)
            .field("content", .string, .required)
            .field("signed_on", .string, .required)
            .create()
        try await db.createIndex(CommitteeMember.schema, "path")
        try await db.createIndex(Agreement.schema, "path")
    }
    func revert(on db: any Database) async throws {
        for table in [Agreement.schema, CommitteeMember.schema] { try await db.schema(table).delete() }
    }
}
