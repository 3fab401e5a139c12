import Fluent
import FluentSQL
import GongzhiKit

struct CreateResidents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Resident.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("household_id", .int, .required, .references(Household.schema, .id))
            .field("path", .byteOrderedText(on: db), .required)
            .field("name", .byteOrderedText(on: db), .required)
            .field("gender", .string, .required)
            .field("birth_date", .string)
            .field("id_sealed", .string)
            .field("id_hash", .string)
            .field("id_masked", .string)
            .field("phone_sealed", .string)
            .field("phone_masked", .string)
            .field("residency", .string, .required)
            .field("tags", .string, .required)
            .field("relation", .string, .required)
            .create()
        // One person, one record: the keyed hash of the ID number is unique (NULLs, for people without one, are not).
        try await db.createIndex(Resident.schema, "id_hash", unique: true)
        try await db.createIndex(Resident.schema, "household_id")
        try await db.createIndex(Resident.schema, "path", "name")
        // Name first: a search by the start of a name reads only the matching names, then checks the place.
        try await db.createIndex(Resident.schema, "name", "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(Resident.schema).delete() }
}
