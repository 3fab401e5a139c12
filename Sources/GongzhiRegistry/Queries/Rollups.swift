import Fluent
import GongzhiKit
import SQLKit

/// Counts kept on every place node (residents, households, dwellings, party members beneath it), so tree and
/// overview pages read them instead of scanning. Recounted from the records, never adjusted by hand.
enum Rollups {
    /// `t.path` lies under `places.path`: the index range `[/a/b/, /a/b0)`.
    static func under(_ alias: String) -> String {
        "\(alias).path >= places.path AND \(alias).path < SUBSTR(places.path, 1, LENGTH(places.path) - 1) || '0'"
    }

    /// Recounts the given places. (Dwellings are counted with CASE rather than `kind =`, so the planner walks the
    /// path index instead of every dwelling for every place.) (all of them when nil). After one record changes, pass the ancestors of its path.
    static func refresh(on db: any Database, placeIDs: [Int]? = nil) async throws {
        if let placeIDs, placeIDs.isEmpty { return }
        let filter = placeIDs.map { " WHERE id IN (" + $0.map(String.init).joined(separator: ",") + ")" } ?? ""
        try await db.sql.raw("""
            UPDATE places SET
              resident_count = (SELECT COUNT(*) FROM residents r WHERE \(unsafeRaw: under("r"))),
              household_count = (SELECT COUNT(*) FROM households h WHERE \(unsafeRaw: under("h"))),
              dwelling_count = (SELECT COUNT(CASE WHEN d.kind = 'dwelling' THEN 1 END) FROM places d WHERE \(unsafeRaw: under("d"))),
              party_member_count = (SELECT COUNT(*) FROM party_members m WHERE \(unsafeRaw: under("m"))),
              in_service_count = (SELECT COUNT(*) FROM party_members m WHERE m.category = 'inService' AND \(unsafeRaw: under("m"))),
              retired_count = (SELECT COUNT(*) FROM party_members m WHERE m.category = 'retired' AND \(unsafeRaw: under("m"))),
              directly_managed_count = (SELECT COUNT(*) FROM party_members m WHERE m.category = 'directlyManaged' AND \(unsafeRaw: under("m")))
            \(unsafeRaw: filter)
            """).run()
        try await RegistryRevision.bump(on: db)
    }

    /// Recounts every place above any of `paths` (the paths of records that were written).
    static func refresh(on db: any Database, above paths: [String]) async throws {
        try await refresh(on: db, placeIDs: Array(Set(paths.flatMap(PlaceScope.ids(in:)))).sorted())
    }
}
