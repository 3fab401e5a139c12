import Fluent
import GongzhiKit

struct CreateNews: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(NewsItem.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("place_id", .int, .required, .references("places", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("published_on", .string, .required)
            .field("credit", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .int, .required)
            .create()
        try await db.createIndex(NewsItem.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(NewsItem.schema).delete() }
}
