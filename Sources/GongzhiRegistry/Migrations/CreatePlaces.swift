import Fluent
import FluentSQL
import GongzhiKit

struct CreatePlaces: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Place.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("parent_id", .int, .references(Place.schema, .id))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("code", .string)
            .field("path", .byteOrderedText(on: db), .required)
            .field("depth", .int, .required)
            .field("sort_order", .int, .required)
            .field("area", .double)
            .field("management_type", .string)
            .field("property_company_id", .int)
            .field("covering_party_org_id", .int)
            .field("renovation_status", .string)
            .field("geometry", .string)
            .field("resident_count", .int, .required, .sql(.default(0)))
            .field("household_count", .int, .required, .sql(.default(0)))
            .field("dwelling_count", .int, .required, .sql(.default(0)))
            .field("party_member_count", .int, .required, .sql(.default(0)))
            .field("in_service_count", .int, .required, .sql(.default(0)))
            .field("retired_count", .int, .required, .sql(.default(0)))
            .field("directly_managed_count", .int, .required, .sql(.default(0)))
            .create()
        try await db.createIndex(Place.schema, "path", unique: true)
        try await db.createIndex(Place.schema, "parent_id", "sort_order")
        try await db.createIndex(Place.schema, "kind", "name")
    }
    func revert(on db: any Database) async throws { try await db.schema(Place.schema).delete() }
}
