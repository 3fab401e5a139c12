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
    static func refresh(on db: any Database, placeIDs: [Int]? = nil, _ counts: Counts = .all) async throws {
        if let placeIDs, placeIDs.isEmpty { return }
        let filter = placeIDs.map { " WHERE id IN (" + $0.map(String.init).joined(separator: ",") + ")" } ?? ""
        var sets: [String] = []
        if counts.contains(.people) {
            sets += ["resident_count = (SELECT COUNT(*) FROM residents r WHERE \(under("r")))",
                     "household_count = (SELECT COUNT(*) FROM households h WHERE \(under("h")))"]
        }
        if counts.contains(.dwellings) {
            sets.append("dwelling_count = (SELECT COUNT(CASE WHEN d.kind = 'dwelling' THEN 1 END) FROM places d WHERE \(under("d")))")
        }
        if counts.contains(.partyMembers) {
            sets += ["party_member_count = (SELECT COUNT(*) FROM party_members m WHERE \(under("m")))",
                     "in_service_count = (SELECT COUNT(*) FROM party_members m WHERE m.category = 'inService' AND \(under("m")))",
                     "retired_count = (SELECT COUNT(*) FROM party_members m WHERE m.category = 'retired' AND \(under("m")))",
                     "directly_managed_count = (SELECT COUNT(*) FROM party_members m WHERE m.category = 'directlyManaged' AND \(under("m")))"]
        }
        try await db.sql.raw("UPDATE places SET \(unsafeRaw: sets.joined(separator: ", "))\(unsafeRaw: filter)").run()
        try await RegistryRevision.bump(on: db)
    }

    /// Recounts every place above any of `paths` (the paths of records that were written).
    static func refresh(on db: any Database, above paths: [String], _ counts: Counts = .all) async throws {
        try await refresh(on: db, placeIDs: Array(Set(paths.flatMap(PlaceScope.ids(in:)))).sorted(), counts)
    }

    /// Which counts a write can have changed: a resident import moves people, not dwellings or party members.
    struct Counts: OptionSet, Sendable {
        let rawValue: Int
        static let people = Counts(rawValue: 1), dwellings = Counts(rawValue: 2), partyMembers = Counts(rawValue: 4)
        static let all: Counts = [.people, .dwellings, .partyMembers]
    }
}
