import Foundation
import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import GongzhiStarGroups

/// What the records say about a community over a period, for its weekly report and for 亮赛比 — counted, never typed.
enum Outcomes {
    /// A week's figures for a community, as its weekly report is pre-filled.
    static func week(_ week: Week, of community: RegistryDirectory.PlaceEntry, today: CivilDate, on db: any Database) async throws -> [Highlight.Figure] {
        let scope = PlaceScope(paths: [community.path])
        let lo = BeijingTime.midnight(week.monday), hi = BeijingTime.midnight(week.sunday.adding(days: 1))
        let reports = try await TaskReport.query(on: db).within(scope, \.$path).filter(\.$reportedAt >= lo).filter(\.$reportedAt < hi).all()
        let standingDone = Set(reports.filter { $0.standing && $0.status == .done }.map(\.taskID))
        // Overdue as of the week's end (or today, for the week under way).
        let asOf = min(week.sunday.adding(days: 1), today)
        let overdue = try await CampaignTask.query(on: db).within(scope, \.$path).filter(\.$status != .done).filter(\.$deadline < asOf.description).count()
        let findings = try await Finding.query(on: db).within(scope, \.$path).all()
        let star = try await StarGroupDirectory.week(under: community.path, from: week.monday, to: week.sunday, on: db)
        let rate = try await StarGroupDirectory.rates(under: [community.path], on: db)[community.path]
        return [
            .init("本周完成任务", "\(standingDone.count)个"), .init("本周进展报告", "\(reports.count)份"), .init("逾期未完成任务", "\(overdue)个"),
            .init("本周新增督办", "\(findings.filter { week.contains(CivilDate(yyyymmdd: $0.foundOn) ?? week.monday.adding(days: -1)) }.count)项"),
            .init("本周整改督办", "\(findings.filter { $0.rectifiedOn.flatMap(CivilDate.init(yyyymmdd:)).map(week.contains) ?? false }.count)项"),
            .init("逾期督办", "\(findings.filter { $0.status(today: asOf) == .escalated }.count)项"),
            .init("本周确认楼组自查", "\(star.confirmed)个"), .init("本周楼组活动", "\(star.activities)次"),
            .init("星级楼组达标率", rate.map { ChineseNumber.percent($0.passed, of: $0.groups) } ?? "—"),
        ]
    }

    /// Each community's measures for 亮赛比 over a year: tasks due that year done by their deadline, the mean score
    /// share of that year's reviews, and the star groups' pass rate now.
    static func ranking(_ communities: [RegistryDirectory.PlaceEntry], year: Int, today: CivilDate, on db: any Database) async throws -> [CommunityRanking.Entry] {
        let first = "\(year)-01-01", last = "\(year)-12-31"
        let scope = PlaceScope(paths: communities.map(\.path))
        let tasks = try await CampaignTask.query(on: db).within(scope, \.$path).filter(\.$deadline >= first).filter(\.$deadline <= last).all()
        let due = tasks.filter { $0.status == .done || (CivilDate(yyyymmdd: $0.deadline).map { $0 < today } ?? false) }
        // The day each done task was reported done (its latest standing report).
        var doneOn: [Int: Int] = [:]
        for chunk in due.filter({ $0.status == .done }).compactMap(\.id).chunked(1_000) {
            for r in try await TaskReport.query(on: db).filter(\.$taskID ~~ Array(chunk)).filter(\.$returnedAt == nil).filter(\.$status == .done).all() {
                doneOn[r.taskID] = max(doneOn[r.taskID] ?? 0, r.reportedAt)
            }
        }
        let onTime = { (t: CampaignTask) -> Bool in
            guard t.status == .done, let at = doneOn[t.id ?? 0], let deadline = CivilDate(yyyymmdd: t.deadline) else { return false }
            return !(deadline < BeijingTime.day(of: Date(timeIntervalSince1970: Double(at))))
        }
        let reviews = try await Review.query(on: db).filter(\.$heldOn >= first).filter(\.$heldOn <= last).all()
        let totals = Dictionary(uniqueKeysWithValues: reviews.compactMap { r -> (Int, Int)? in
            guard let id = r.id, case .success(let rubric) = ReviewRubric.parse(r.rubric) else { return nil }
            return (id, rubric.total)
        })
        let scores = try await ReviewScore.query(on: db).filter(\.$reviewID ~~ Array(totals.keys)).all()
        let rates = try await StarGroupDirectory.rates(under: communities.map(\.path), on: db)
        return communities.map { c in
            let own = due.filter { $0.path.hasPrefix(c.path) }
            let byReview = Dictionary(grouping: scores.filter { $0.communityID == c.id }, by: \.reviewID)
            let shares = byReview.compactMap { id, rows in totals[id].map { Double(rows.reduce(0) { $0 + $1.score }) / Double($0) } }
            return CommunityRanking.Entry(name: c.name, onTime: own.isEmpty ? nil : Double(own.filter(onTime).count) / Double(own.count),
                                          review: shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count), stars: rates[c.path]?.share)
        }
    }
}
