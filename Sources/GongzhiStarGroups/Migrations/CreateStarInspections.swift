import Fluent
import FluentSQL
import GongzhiKit

struct CreateStarInspections: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(StarInspection.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("building_group_id", .int, .required, .references("building_groups", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("inspected_on", .string, .required)
            .field("inspector", .string, .required)
            .field("ground_clean", .bool, .required)
            .field("walls_clean", .bool, .required)
            .field("doors_windows_clean", .bool, .required)
            .field("has_culture", .bool, .required)
            .field("has_activities", .bool, .required)
            .field("has_services", .bool, .required)
            .field("stars", .int, .required)
            .field("note", .string)
            .create()
        try await db.createIndex(StarInspection.schema, "building_group_id", "inspected_on")
        try await db.createIndex(StarInspection.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(StarInspection.schema).delete() }
}
