import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit

/// The campaign's quality checks, within the areas a seat reaches: households never visited when a stage ended,
/// areas over or under size, a household listed in two areas, implausible paces; and the reconciliation of counts
/// with the registry, which names no household and writes nothing anywhere.
struct Quality: Sendable {
    struct Unvisited: Sendable { let stage: CensusStage; let closedOn: String; let byArea: [Int: Int] }
    struct Pace: Sendable { let memberID: Int; let day: String; let households: Int }
    struct Line: Sendable { let areaID: Int; let path: String; let placeID: Int; let registry: Int; let listed: Int; let registered: Int
        var difference: Int { registry - listed } }

    let unvisited: [Unvisited]
    let sizes: [Int: Int]
    let duplicates: [(household: Int, areas: [Int])]
    let paces: [Pace]
    let paceLimit: Int
    let reconciliation: [Line]

    /// The most households one enumerator plausibly settles in a day: three times the median day, at least 40.
    static func paceLimit(medianDay: Double?) -> Int { max(40, Int(((medianDay ?? 0) * 3).rounded())) }

    static func load(_ seat: CensusSeat, areas: [CensusArea], on db: any Database) async throws -> Quality {
        let campaign = seat.campaign
        let id = seat.campaignID
        let reached = Set(areas.compactMap(\.id))
        let purged = campaign.purgedAt != nil
        // Households with no visit event before each closed registration stage ended (the long-form stage: its sample).
        var unvisited: [Unvisited] = []
        if !purged {
            for stage in try await CensusStageRecord.query(on: db).filter(\.$campaignID == id).filter(\.$closedAt != nil).all()
                .filter({ $0.stage != .canvass }).sorted(by: { $0.stage < $1.stage }) {
                struct Row: Decodable { let area_id: Int; let n: Int }
                let sampled: SQLQueryString = stage.stage == .longForm ? "AND v.long_form = \(bind: true)" : ""
                let rows = try await db.sql.raw("""
                    SELECT v.area_id, COUNT(*) AS n FROM census_visits v WHERE v.campaign_id = \(bind: id) \(sampled)
                    AND NOT EXISTS (SELECT 1 FROM census_visit_events e WHERE e.visit_id = v.id AND e.at <= \(bind: stage.closedAt ?? 0))
                    GROUP BY v.area_id
                    """).all(decoding: Row.self).filter { reached.contains($0.area_id) }
                unvisited.append(Unvisited(stage: stage.stage, closedOn: BeijingTime.format(seconds: stage.closedAt ?? 0), byArea: Dictionary(uniqueKeysWithValues: rows.map { ($0.area_id, $0.n) })))
            }
        }
        let tallies = try await CensusCounts.byArea(campaign, on: db)
        // Before the list is drawn, an area's size is the registry's count under its parts.
        var sizes: [Int: Int] = [:]
        if campaign.startedAt == nil {
            let parts = try await CensusAreaPart.query(on: db).filter(\.$campaignID == id).all()
            let counts = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: parts.map(\.placeID), on: db).map { ($0.id, $0.householdCount) })
            for p in parts where reached.contains(p.areaID) { sizes[p.areaID, default: 0] += counts[p.placeID] ?? 0 }
        } else {
            for a in reached { sizes[a] = tallies[a]?.households ?? 0 }
        }
        struct Dup: Decodable { let household_id: Int; let area_id: Int }
        let dups = purged ? [] : try await db.sql.raw("""
            SELECT household_id, area_id FROM census_visits WHERE campaign_id = \(bind: id) AND household_id IN (
              SELECT household_id FROM census_visits WHERE campaign_id = \(bind: id) GROUP BY household_id HAVING COUNT(*) > 1)
            ORDER BY household_id, area_id
            """).all(decoding: Dup.self)
        let duplicates = Dictionary(grouping: dups, by: \.household_id).filter { $0.value.contains { reached.contains($0.area_id) } }
            .map { (household: $0.key, areas: $0.value.map(\.area_id)) }.sorted { $0.household < $1.household }
        // Paces: an enumerator's settled households per day against the limit.
        let enumerator = Dictionary(uniqueKeysWithValues: areas.compactMap { a in a.id.map { ($0, a.enumeratorID ?? 0) } })
        var perDay: [String: Int] = [:]
        for d in try await CensusCounts.daily(campaign, on: db) where reached.contains(d.area_id) {
            perDay["\(enumerator[d.area_id] ?? 0)|\(d.day)", default: 0] += d.households
        }
        let limit = paceLimit(medianDay: Array(perDay.values).median)
        let paces = perDay.filter { $0.value > limit }.map { key, n in
            let parts = key.split(separator: "|")
            return Pace(memberID: Int(parts[0]) ?? 0, day: String(parts.last ?? ""), households: n)
        }.sorted { ($0.day, $0.memberID) < ($1.day, $1.memberID) }
        return Quality(unvisited: unvisited, sizes: sizes, duplicates: duplicates, paces: paces, paceLimit: limit,
                       reconciliation: try await reconcile(campaign, areas: areas, on: db))
    }

    /// Per area part (a building or entrance): households in the registry now against households listed (and
    /// registered) in the campaign. A household added to the registry after the list was drawn shows as a difference.
    static func reconcile(_ campaign: CensusCampaign, areas: [CensusArea], on db: any Database) async throws -> [Line] {
        guard campaign.startedAt != nil else { return [] }
        let reached = Set(areas.compactMap(\.id))
        let parts = try await CensusCounts.parts(campaign, on: db).filter { reached.contains($0.areaID) }
        let listed = try await CensusCounts.byPart(campaign, parts: Dictionary(uniqueKeysWithValues: parts.map { ($0.path, $0.areaID) }), on: db)
        let registry = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: parts.map(\.placeID), on: db).map { ($0.id, $0.householdCount) })
        return parts.map { p in
            let t = listed[p.path] ?? Tally()
            return Line(areaID: p.areaID, path: p.path, placeID: p.placeID, registry: registry[p.placeID] ?? 0, listed: t.households, registered: t.registered)
        }
    }
}
