import Fluent

/// Every record with an edit page keeps a version, so a write over a newer one is refused instead of undoing it.
/// NULL reads as 1: Fluent writes NULL for a field a new record leaves unset on SQLite (it has no DEFAULT in VALUES).
struct AddVersions: AsyncMigration {
    static let tables = [Resident.schema, Place.schema, PartyMember.schema, PartyOrganization.schema, Organization.schema, Facility.schema]
    func prepare(on db: any Database) async throws {
        for table in Self.tables { try await db.schema(table).field("version", .int, .sql(.default(1))).update() }
    }
    func revert(on db: any Database) async throws {
        for table in Self.tables { try await db.schema(table).deleteField("version").update() }
    }
}
