import Fluent
import FluentSQL
import GongzhiKit

/// Campaigns run in the browser: a leading group, a responsible cadre who signs in, the history of reports, and
/// 包楼到户 assignments of cadres to buildings.
struct RunCampaigns: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await db.schema(Campaign.schema).field("created_by", .string).update()
        try await db.schema(Campaign.schema).field("created_at", .int).update()
        try await db.schema(CampaignTask.schema).field("cadre_id", .int).update()
        try await db.schema(CampaignTask.schema).field("starts_on", .string).update()
        try await db.schema(CampaignLeader.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("campaign_id", .int, .required, .references(Campaign.schema, "id"))
            .field("user_id", .int, .required)
            .field("name", .string, .required)
            .field("duty", .string, .required)
            .unique(on: "campaign_id", "user_id")
            .create()
        try await db.schema(TaskReport.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("task_id", .int, .required, .references(CampaignTask.schema, "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("status", .string, .required)
            .field("progress", .int, .required)
            .field("text", .string, .required)
            .field("evidence", .string)
            .field("reported_by_id", .int, .required)
            .field("reported_by", .string, .required)
            .field("reported_at", .int, .required)
            .field("returned_by", .string)
            .field("returned_at", .int)
            .field("return_reason", .string)
            .create()
        try await db.schema(BuildingAssignment.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("place_id", .int, .required, .references("places", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("cadre_id", .int, .required)
            .field("cadre", .string, .required)
            .field("assigned_by", .string, .required)
            .field("assigned_at", .int, .required)
            .unique(on: "place_id")
            .create()
        try await db.createIndex(TaskReport.schema, "task_id")
        try await db.createIndex(CampaignTask.schema, "cadre_id")
        try await db.createIndex(BuildingAssignment.schema, "cadre_id")
        try await db.createIndex(BuildingAssignment.schema, "path")
    }
    func revert(on db: any Database) async throws {
        for table in [BuildingAssignment.schema, TaskReport.schema, CampaignLeader.schema] { try await db.schema(table).delete() }
        for field in ["cadre_id", "starts_on"] { try await db.schema(CampaignTask.schema).deleteField(FieldKey(stringLiteral: field)).update() }
        for field in ["created_by", "created_at"] { try await db.schema(Campaign.schema).deleteField(FieldKey(stringLiteral: field)).update() }
    }
}
