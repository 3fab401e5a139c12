import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// Ending a campaign: closing it keeps its counts as tallies (by area part — a building or entrance — and by day); purging then deletes
/// every identifying visit detail — the visits, their history and notes, the companions' names — leaving the tallies.
enum ClosingDesk {
    static func close(_ campaign: CensusCampaign, author: Author, on db: any Database) async throws {
        guard campaign.startedAt != nil else { throw AppError.badRequest("入户登记尚未开始，无需结束") }
        guard !campaign.isClosed else { throw AppError.badRequest("本次普查已结束") }
        let id = try campaign.requireID()
        let parts = Dictionary(uniqueKeysWithValues: try await CensusCounts.parts(campaign, on: db).map { ($0.path, $0.areaID) })
        struct Key: Hashable { let area: Int; let path: String; let status: String; let longForm: Bool }
        var counts: [Key: Int] = [:]
        for r in try await db.sql.raw("SELECT area_id, path, status, long_form FROM census_visits WHERE campaign_id = \(bind: id)").all(decoding: CensusCounts.PlaceRow.self) {
            counts[Key(area: r.area_id, path: PartIndex.prefix(of: r.path, in: parts) ?? r.path, status: r.status, longForm: r.long_form), default: 0] += 1
        }
        let daily = try await CensusCounts.daily(campaign, on: db)
        let kept = counts
        try await db.transaction { db in
            var tallies = BulkInsert(CensusTally.schema, columns: ["campaign_id", "area_id", "path", "day", "status", "long_form", "households"])
            for (k, n) in kept.sorted(by: { ($0.key.path, $0.key.area, $0.key.status) < ($1.key.path, $1.key.area, $1.key.status) }) {
                tallies.append([id, k.area, k.path, String?.none, k.status, k.longForm, n])
            }
            // A day's row: the households first settled that day in the area (its status names no one's answer).
            for d in daily { tallies.append([id, d.area_id, "", d.day, VisitStatus.registered.rawValue, false, d.households]) }
            try await tallies.run(on: db)
            try await CensusStageRecord.query(on: db).filter(\.$campaignID == id).filter(\.$closedAt == nil).set(\.$closedAt, to: author.seconds).update()
            campaign.closedAt = author.seconds
            try await campaign.update(on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
        }
    }

    static func purge(_ campaign: CensusCampaign, author: Author, on db: any Database) async throws -> Int {
        guard campaign.isClosed else { throw AppError.badRequest("请先结束本次普查，再清除入户明细") }
        guard campaign.purgedAt == nil else { throw AppError.badRequest("入户明细已清除") }
        let id = try campaign.requireID()
        return try await db.transaction { db in
            let n = try await CensusVisit.query(on: db).filter(\.$campaignID == id).count()
            try await CensusVisitEvent.query(on: db).filter(\.$campaignID == id).delete()
            try await CensusVisit.query(on: db).filter(\.$campaignID == id).delete()
            try await CensusCompanion.query(on: db).filter(\.$campaignID == id).delete()
            campaign.purgedAt = author.seconds
            try await campaign.update(on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
            return n
        }
    }
}
