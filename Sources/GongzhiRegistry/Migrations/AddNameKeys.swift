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
        // The name's key takes the place of the name in both indexes: lists in a place ordered by name, and a search
        // by the start of a name, which reads only the matching keys and then checks the place. The old ones go, so
        // writing a resident (an import of 100,000) maintains no more indexes than before.
        try await db.createIndex(Resident.schema, "path", "name_key")
        try await db.createIndex(Resident.schema, "name_key", "path")
        for old in ["residents_path_name_idx", "residents_name_path_idx"] { try await db.sql.drop(index: old).ifExists().run() }
    }

    func revert(on db: any Database) async throws {
        for index in ["residents_path_name_key_idx", "residents_name_key_path_idx"] { try await db.sql.drop(index: index).ifExists().run() }
        try await db.createIndex(Resident.schema, "path", "name")
        try await db.createIndex(Resident.schema, "name", "path")
        for table in Self.tables { try await db.schema(table).deleteField("name_key").update() }
    }
}
