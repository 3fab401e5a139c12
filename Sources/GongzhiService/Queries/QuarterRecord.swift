import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// Each reported member's service in a quarter, as the community sends it to their workplace: confirmed hours, claims
/// and activities served in the quarter (by the day served), and the community's remark.
struct QuarterRecord: Sendable {
    let memberID: Int, name: String, community: String, workplace: Workplace?
    let minutes: Int, claims: Int, activities: Int, remark: String
    let services: [ServiceHours]

    var hours: String { ServiceFigures.hours(minutes) }

    /// The records of the members with a confirmed report within `scope` (of one workplace when given).
    static func load(_ scope: PlaceScope, quarter: Quarter, workplaceID: Int? = nil, memberID: Int? = nil, on db: any Database) async throws -> [QuarterRecord] {
        let query = ReportIn.query(on: db).within(scope, \.$path).filter(\.$kind == .member).filter(\.$status == .confirmed)
        if let workplaceID { query.filter(\.$workplaceID == workplaceID) }
        if let memberID { query.filter(\.$memberID == memberID) }
        let reports = try await query.all()
        let memberIDs = reports.compactMap(\.memberID)
        guard !memberIDs.isEmpty else { return [] }
        var hours: [Int: [ServiceHours]] = [:]
        for chunk in memberIDs.chunked(1_000) {
            for h in try await ServiceHours.query(on: db).filter(\.$memberID ~~ Array(chunk))
                .filter(\.$servedOn >= quarter.first.description).filter(\.$servedOn <= quarter.last.description).sort(\.$servedOn).all() {
                hours[h.memberID, default: []].append(h)
            }
        }
        let remarks = Dictionary(try await ServiceRemark.query(on: db).filter(\.$quarter == quarter.description).all().map { ($0.memberID, $0.remark) }) { a, _ in a }
        let workplaces = Dictionary(uniqueKeysWithValues: try await Workplace.query(on: db).all().map { ($0.id ?? 0, $0) })
        let communities = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: Array(Set(reports.map(\.communityID))), on: db).map { ($0.id, $0.name) })
        let members = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.partyMembers(ids: memberIDs, on: db).map { ($0.id, $0) })
        return reports.compactMap { r in
            guard let id = r.memberID, let member = members[id] else { return nil }
            let served = hours[id] ?? []
            return QuarterRecord(memberID: id, name: member.name, community: communities[r.communityID] ?? "—", workplace: r.workplaceID.flatMap { workplaces[$0] },
                                 minutes: served.reduce(0) { $0 + $1.minutes }, claims: served.count { $0.source.hasPrefix("claim:") },
                                 activities: served.count { $0.source.hasPrefix("activity:") }, remark: remarks[id] ?? "", services: served)
        }.sorted { ($0.community, $0.name) < ($1.community, $1.name) }
    }
}
