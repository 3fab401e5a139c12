import Fluent
import FluentSQL

/// Owners of dwellings (业主), for the owners' votes of the Civil Code: who owns each exclusive part — a name, the
/// owner's ID number (sealed, hashed, masked as the residents' are), or "not yet sold".
struct AddDwellingOwners: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for (name, type) in [("owner_name", DatabaseSchema.DataType.string), ("owner_id_sealed", .string), ("owner_id_hash", .string),
                             ("owner_id_masked", .string), ("owner_unsold", .bool)] {
            try await db.schema(Place.schema).field(FieldKey(stringLiteral: name), type).update()
        }
        try await db.createIndex(Place.schema, "owner_id_hash")
    }
    func revert(on db: any Database) async throws {
        for name in ["owner_name", "owner_id_sealed", "owner_id_hash", "owner_id_masked", "owner_unsold"] {
            try await db.schema(Place.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
