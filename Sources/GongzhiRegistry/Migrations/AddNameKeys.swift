import Fluent
import GongzhiKit
import SQLKit

/// The pinyin sort key of every name that lists sort by (residents, units, members who are not residents), so a
/// list sorted by name reads 阿、安、陈、丁… on both databases (docs/GLOSSARY.md, "Names in pinyin order").
struct AddNameKeys: AsyncMigration {
    static let tables = [Resident.schema, Organization.schema, PartyMember.schema]

    func prepare(on db: any Database) async throws {
        for table in Self.tables {
            try await db.schema(table).field("name_key", .byteOrderedText(on: db)).update()
            try await NameKeys.fill(table, on: db)
        }
        try await db.createIndex(Resident.schema, "path", "name_key")
        // Name first: a search by the start of a name reads only the matching keys, then checks the place.
        try await db.createIndex(Resident.schema, "name_key", "path")
    }

    func revert(on db: any Database) async throws {
        for table in Self.tables { try await db.schema(table).deleteField("name_key").update() }
    }
}
