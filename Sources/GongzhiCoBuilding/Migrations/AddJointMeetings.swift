import Fluent
import FluentSQL
import GongzhiKit

/// Co-building run in the browser: agreements with a term, amended and ended; joint meetings with resolutions;
/// the letters of 一书一函一信.
struct AddJointMeetings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Agreement.schema).field("ends_on", .string).update()
        try await db.schema(Agreement.schema).field("ended_on", .string).update()
        try await db.schema(Agreement.schema).field("end_reason", .string).update()
        try await db.schema(AgreementAmendment.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("agreement_id", .int, .required, .references(Agreement.schema, "id"))
            .field("amended_on", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("note", .string, .required)
            .field("written_by", .string, .required)
            .create()
        try await db.schema(JointMeeting.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("committee_id", .int, .required, .references("party_organizations", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("held_on", .string, .required)
            .field("agenda", .string, .required)
            .field("due", .int, .required)
            .field("attendee_ids", .string, .required)
            .field("minutes", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .int, .required)
            .create()
        try await db.createIndex(JointMeeting.schema, "path")
        try await db.schema(MeetingResolution.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("meeting_id", .int, .required, .references(JointMeeting.schema, "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("text", .string, .required)
            .field("need_id", .int)
            .create()
        try await db.createIndex(MeetingResolution.schema, "meeting_id")
        try await db.schema(CoBuildingLetter.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("committee_id", .int, .required, .references("party_organizations", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("organization_id", .int, .references("organizations", "id"))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("dated", .string, .required)
            .field("written_by", .string, .required)
            .create()
        try await db.createIndex(CoBuildingLetter.schema, "path")
    }

    func revert(on db: any Database) async throws {
        for table in [CoBuildingLetter.schema, MeetingResolution.schema, JointMeeting.schema, AgreementAmendment.schema] { try await db.schema(table).delete() }
        for column in ["ends_on", "ended_on", "end_reason"] { try await db.schema(Agreement.schema).deleteField(.string(column)).update() }
    }
}
