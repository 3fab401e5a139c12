import Fluent
import FluentSQL
import GongzhiKit

/// The people of a building group: its 1+3+N roles, the leader's self-checks awaiting the community, the
/// appraisals of its homes and its activities.
struct AddGroupPeople: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await db.schema(StarInspection.schema).field("status", .string, .required, .sql(.default("confirmed"))).update()
        for field in ["submitted_by_id", "decided_at"] { try await db.schema(StarInspection.schema).field(FieldKey(stringLiteral: field), .int).update() }
        for field in ["decided_by", "return_reason"] { try await db.schema(StarInspection.schema).field(FieldKey(stringLiteral: field), .string).update() }
        try await db.schema(GroupRole.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("building_group_id", .int, .required, .references("building_groups", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("kind", .string, .required)
            .field("resident_id", .int, .required)
            .field("name", .string, .required)
            .field("team", .string)
            .field("lives_elsewhere", .bool, .required)
            .field("appointed_by", .string, .required)
            .field("appointed_at", .int, .required)
            .create()
        try await db.schema(Appraisal.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("building_group_id", .int, .required, .references("building_groups", "id"))
            .field("place_id", .int, .required, .references("places", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("round", .string, .required)
            .field("kind", .string, .required)
            .field("no_protrusion", .bool, .required)
            .field("nothing_hung", .bool, .required)
            .field("no_clutter", .bool, .required)
            .field("appraised_by", .string, .required)
            .field("appraised_at", .int, .required)
            .unique(on: "place_id", "round", "kind")
            .create()
        try await db.schema(GroupActivity.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("building_group_id", .int, .required, .references("building_groups", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("held_on", .string, .required)
            .field("title", .string, .required)
            .field("participants", .int, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .int, .required)
            .create()
        // One leader per group: the database refuses a second.
        try await db.sql.raw("CREATE UNIQUE INDEX building_group_roles_leader ON building_group_roles (building_group_id) WHERE kind = 'leader'").run()
        for table in [GroupRole.schema, Appraisal.schema, GroupActivity.schema] { try await db.createIndex(table, "building_group_id") }
        try await db.createIndex(GroupRole.schema, "path")
        try await db.createIndex(Appraisal.schema, "path")
        try await db.createIndex(GroupActivity.schema, "path")
    }
    func revert(on db: any Database) async throws {
        for table in [GroupActivity.schema, Appraisal.schema, GroupRole.schema] { try await db.schema(table).delete() }
        for field in ["status", "submitted_by_id", "decided_by", "decided_at", "return_reason"] {
            try await db.schema(StarInspection.schema).deleteField(FieldKey(stringLiteral: field)).update()
        }
    }
}
