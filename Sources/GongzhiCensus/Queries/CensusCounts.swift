import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// Households by visit status: of an area, an enumerator, a community, the campaign. Counted from the visits while
/// they exist, from the tallies kept at closing once they are purged; every figure of the census pages adds up from these.
struct Tally: Sendable, Equatable {
    var byStatus: [VisitStatus: Int] = [:]
    var longForm = 0, longFormRegistered = 0

    var households: Int { byStatus.values.reduce(0, +) }
    var settled: Int { byStatus.filter { $0.key.isSettled }.values.reduce(0, +) }
    var registered: Int { byStatus.filter { $0.key.isRegistered }.values.reduce(0, +) }
    subscript(_ status: VisitStatus) -> Int { byStatus[status] ?? 0 }
    var progress: String { ChineseNumber.percent(settled, of: households) }

    mutating func add(_ status: VisitStatus, longForm: Bool, _ n: Int) {
        byStatus[status, default: 0] += n
        if longForm { self.longForm += n; if status.isRegistered { longFormRegistered += n } }
    }
    static func + (a: Tally, b: Tally) -> Tally {
        var t = a
        for (s, n) in b.byStatus { t.byStatus[s, default: 0] += n }
        t.longForm += b.longForm; t.longFormRegistered += b.longFormRegistered
        return t
    }
    static func sum<S: Sequence>(_ tallies: S) -> Tally where S.Element == Tally { tallies.reduce(Tally(), +) }
}

enum CensusCounts {
    struct Row: Decodable { let area_id: Int; let status: String; let long_form: Bool; let households: Int }

    /// Households by status in each area.
    static func byArea(_ campaign: CensusCampaign, on db: any Database) async throws -> [Int: Tally] {
        let id = try campaign.requireID()
        let rows: [Row]
        if campaign.purgedAt != nil {
            rows = try await db.sql.raw("""
                SELECT area_id, status, long_form, SUM(households) AS households FROM census_tallies
                WHERE campaign_id = \(bind: id) AND day IS NULL GROUP BY area_id, status, long_form
                """).all(decoding: Row.self)
        } else {
            rows = try await db.sql.raw("""
                SELECT area_id, status, long_form, COUNT(*) AS households FROM census_visits
                WHERE campaign_id = \(bind: id) GROUP BY area_id, status, long_form
                """).all(decoding: Row.self)
        }
        var result: [Int: Tally] = [:]
        for r in rows { if let s = VisitStatus(rawValue: r.status) { result[r.area_id, default: Tally()].add(s, longForm: r.long_form, r.households) } }
        return result
    }

    struct DayRow: Decodable, Sendable { let area_id: Int; let day: String; let households: Int }

    /// Households first settled on each day, by area (the days' progress and the enumerators' paces).
    static func daily(_ campaign: CensusCampaign, on db: any Database) async throws -> [DayRow] {
        let id = try campaign.requireID()
        if campaign.purgedAt != nil {
            return try await db.sql.raw("""
                SELECT area_id, day, SUM(households) AS households FROM census_tallies
                WHERE campaign_id = \(bind: id) AND day IS NOT NULL GROUP BY area_id, day ORDER BY day
                """).all(decoding: DayRow.self)
        }
        return try await db.sql.raw("""
            SELECT area_id, day, COUNT(*) AS households FROM (
              SELECT visit_id, MIN(area_id) AS area_id, MIN(day) AS day FROM census_visit_events
              WHERE campaign_id = \(bind: id) AND status IN ('registered', 'selfEnumerated', 'vacant') GROUP BY visit_id) f
            GROUP BY area_id, day ORDER BY day
            """).all(decoding: DayRow.self)
    }

    struct PlaceRow: Decodable, Sendable { let area_id: Int; let path: String; let status: String; let long_form: Bool }

    /// Households listed in the campaign under each area part (a building or entrance), with their status: counts
    /// only, no household.
    static func byPart(_ campaign: CensusCampaign, parts: [String: Int], on db: any Database) async throws -> [String: Tally] {
        let id = try campaign.requireID()
        var result: [String: Tally] = [:]
        if campaign.purgedAt != nil {
            struct T: Decodable { let path: String; let status: String; let long_form: Bool; let households: Int }
            for r in try await db.sql.raw("SELECT path, status, long_form, households FROM census_tallies WHERE campaign_id = \(bind: id) AND day IS NULL").all(decoding: T.self) {
                if let s = VisitStatus(rawValue: r.status) { result[r.path, default: Tally()].add(s, longForm: r.long_form, r.households) }
            }
            return result
        }
        for r in try await db.sql.raw("SELECT area_id, path, status, long_form FROM census_visits WHERE campaign_id = \(bind: id)").all(decoding: PlaceRow.self) {
            guard let s = VisitStatus(rawValue: r.status) else { continue }
            result[PartIndex.prefix(of: r.path, in: parts) ?? r.path, default: Tally()].add(s, longForm: r.long_form, 1)
        }
        return result
    }

    /// The campaign's parts by path, each with its area.
    static func parts(_ campaign: CensusCampaign, on db: any Database) async throws -> [CensusAreaPart] {
        try await CensusAreaPart.query(on: db).filter(\.$campaignID == campaign.requireID()).sort(\.$path).all()
    }
}

/// Finds the area part (or building) holding a path: the longest of its prefixes that is a key.
enum PartIndex {
    static func area(of path: String, in parts: [String: Int]) -> Int? { prefix(of: path, in: parts).flatMap { parts[$0] } }

    /// The longest prefix of `path` that is a key of `index`.
    static func prefix(of path: String, in index: [String: Int]) -> String? {
        var end = path.endIndex
        while end > path.startIndex {
            let p = String(path[..<end])
            if index[p] != nil { return p }
            guard let slash = path[..<path.index(before: end)].lastIndex(of: "/") else { break }
            end = path.index(after: slash)
        }
        return nil
    }
}
