import Fluent
import FluentSQL
import GongzhiKit

struct CreateCampaigns: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Campaign.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("goal", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("place_id", .int, .required, .references("places", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .create()
        try await db.schema(CampaignTask.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("campaign_id", .int, .required, .references(Campaign.schema, "id"))
            .field("name", .string, .required)
            .field("path", .byteOrderedText(on: db), .required)
            .field("party_organization_id", .int, .references("party_organizations", "id"))
            .field("responsible", .string, .required)
            .field("deadline", .string, .required)
            .field("status", .string, .required)
            .field("progress", .int, .required)
            .field("evidence", .string)
            .create()
        try await db.schema(TaskTarget.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("task_id", .int, .required, .references(CampaignTask.schema, "id"))
            .field("place_id", .int, .required, .references("places", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .unique(on: "task_id", "place_id")
            .create()
        try await db.createIndex(Campaign.schema, "path")
        try await db.createIndex(CampaignTask.schema, "campaign_id")
        try await db.createIndex(CampaignTask.schema, "path")
        try await db.createIndex(TaskTarget.schema, "path")
    }
    func revert(on db: any Database) async throws {
        for table in [TaskTarget.schema, CampaignTask.schema, Campaign.schema] { try await db.schema(table).delete() }
    }
}

/// Tasks once carried a version for edits of their progress; progress now comes from the reports (`TaskReport`).
struct AddTaskVersions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CampaignTask.schema).field("version", .int, .sql(.default(1))).update()
    }
    func revert(on db: any Database) async throws { try await db.schema(CampaignTask.schema).deleteField("version").update() }
}
