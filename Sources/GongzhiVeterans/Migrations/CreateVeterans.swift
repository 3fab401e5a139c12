import Fluent
import FluentSQL
import GongzhiKit

struct CreateVeterans: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Veteran.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("resident_id", .int, .required, .references("residents", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("service", .string, .required)
            .field("war", .string, .required)
            .field("honours", .string, .required)
            .unique(on: "resident_id")
            .create()
        try await db.schema(MedalIssue.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("veteran_id", .int, .required, .references(Veteran.schema, "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("medal", .string, .required)
            .field("issued_on", .string, .required)
            .field("issued_by", .string, .required)
            .field("receipt_signed_by", .string, .required)
            .unique(on: "veteran_id", "medal")
            .create()
        try await db.createIndex(Veteran.schema, "path")
        try await db.createIndex(MedalIssue.schema, "path")
    }
    func revert(on db: any Database) async throws {
        for table in [MedalIssue.schema, Veteran.schema] { try await db.schema(table).delete() }
    }
}
