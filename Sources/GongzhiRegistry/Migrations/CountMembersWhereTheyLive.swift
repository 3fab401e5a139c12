import Fluent
import SQLKit

/// Party members who are residents move from their organisation's place to where they live (`PartyMemberHomes`),
/// and every place is recounted, so a building's and a compound's figures include the members living there.
struct CountMembersWhereTheyLive: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            UPDATE party_members SET path = (SELECT r.path FROM residents r WHERE r.id = party_members.resident_id)
            WHERE resident_id IS NOT NULL AND EXISTS (SELECT 1 FROM residents r WHERE r.id = party_members.resident_id)
            """).run()
        try await Rollups.refresh(on: database, .partyMembers)
    }

    /// Members stay where they live: the paths of before are not kept, and either way every figure is recounted.
    func revert(on database: any Database) async throws {}
}
