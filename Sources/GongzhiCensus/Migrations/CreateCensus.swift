import Fluent
import FluentSQL
import GongzhiKit

/// The census's own tables. They keep registry ids as plain numbers, with no foreign key into the registry: nothing
/// of a campaign holds the registry back, and nothing in the registry points at a campaign.
struct CreateCensus: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let campaign = { (schema: String) in db.schema(schema).field(.id, .int, .identifier(auto: true))
            .field("campaign_id", .int, .required, .references(CensusCampaign.schema, "id")) }
        try await db.schema(CensusCampaign.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required).field("name", .string, .required).field("standard_time", .string, .required)
            .field("place_id", .int, .required).field("path", .byteOrderedText(on: db), .required)
            .field("area_target", .int, .required).field("sample_per_mille", .int, .required).field("sample_seed", .int, .required)
            .field("started_at", .int).field("closed_at", .int).field("purged_at", .int)
            .field("created_by", .string, .required).field("created_at", .int, .required)
            .create()
        try await campaign(CensusStageRecord.schema)
            .field("stage", .string, .required).field("starts_on", .string, .required).field("ends_on", .string, .required).field("closed_at", .int)
            .unique(on: "campaign_id", "stage").create()
        try await campaign(CensusLeader.schema)
            .field("place_id", .int, .required).field("path", .byteOrderedText(on: db), .required).field("user_id", .int, .required)
            .field("name", .string, .required).field("duty", .string, .required).create()
        try await campaign(CensusMember.schema)
            .field("user_id", .int).field("kind", .string, .required).field("name", .string, .required).field("instructor_id", .int)
            .field("appointed_by", .string, .required).field("appointed_at", .int, .required)
            .unique(on: "campaign_id", "user_id").create()
        try await campaign(CensusArea.schema)
            .field("number", .int, .required).field("community_id", .int, .required).field("community_path", .byteOrderedText(on: db), .required)
            .field("enumerator_id", .int).unique(on: "campaign_id", "number").create()
        try await campaign(CensusAreaPart.schema)
            .field("area_id", .int, .required, .references(CensusArea.schema, "id")).field("place_id", .int, .required)
            .field("path", .byteOrderedText(on: db), .required).unique(on: "campaign_id", "place_id").create()
        try await campaign(CensusCompanion.schema)
            .field("area_id", .int, .required, .references(CensusArea.schema, "id")).field("kind", .string, .required)
            .field("name", .string, .required).field("resident_id", .int).field("organization_id", .int).create()
        try await campaign(CensusVisit.schema)
            .field("area_id", .int, .required, .references(CensusArea.schema, "id")).field("household_id", .int, .required)
            .field("path", .byteOrderedText(on: db), .required).field("address", .string, .required)
            .field("status", .string, .required).field("long_form", .bool, .required)
            .field("appointment_at", .int).field("note", .string).field("updated_at", .int, .required).create()
        try await campaign(CensusVisitEvent.schema)
            .field("visit_id", .int, .required).field("area_id", .int, .required).field("member_id", .int, .required)
            .field("stage", .string, .required).field("status", .string, .required).field("day", .string, .required)
            .field("at", .int, .required).field("note", .string).create()
        try await campaign(CensusTally.schema)
            .field("area_id", .int, .required).field("path", .byteOrderedText(on: db), .required).field("day", .string)
            .field("status", .string, .required).field("long_form", .bool, .required).field("households", .int, .required).create()
        try await campaign(CensusStandup.schema)
            .field("place_id", .int, .required).field("path", .byteOrderedText(on: db), .required).field("held_on", .string, .required)
            .field("summary", .string, .required).field("recorded_by", .string, .required).create()
        try await campaign(CensusProblem.schema)
            .field("standup_id", .int, .required, .references(CensusStandup.schema, "id")).field("problem", .string, .required)
            .field("owner", .string, .required).field("answer", .string).field("answered_on", .string).create()
        try await campaign(CensusPublicity.schema)
            .field("place_id", .int, .required).field("path", .byteOrderedText(on: db), .required).field("channel", .string, .required)
            .field("done_on", .string, .required).field("note", .string, .required).field("photo_id", .int)
            .field("recorded_by", .string, .required).create()
        for sql in ["CREATE INDEX census_visits_area ON census_visits (area_id, path)",
                    "CREATE INDEX census_visits_household ON census_visits (campaign_id, household_id)",
                    "CREATE INDEX census_visit_events_visit ON census_visit_events (visit_id)",
                    "CREATE INDEX census_visit_events_day ON census_visit_events (campaign_id, day)",
                    "CREATE INDEX census_tallies_campaign ON census_tallies (campaign_id, area_id)"] {
            try await db.sql.raw(SQLQueryString(sql)).run()
        }
    }
    func revert(on db: any Database) async throws {
        for schema in [CensusPublicity.schema, CensusProblem.schema, CensusStandup.schema, CensusTally.schema, CensusVisitEvent.schema, CensusVisit.schema,
                       CensusCompanion.schema, CensusAreaPart.schema, CensusArea.schema, CensusMember.schema, CensusLeader.schema,
                       CensusStageRecord.schema, CensusCampaign.schema] {
            try await db.schema(schema).delete()
        }
    }
}
