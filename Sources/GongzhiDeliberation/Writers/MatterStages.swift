import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit

/// Moves a matter to its next stage, only when `MatterFile.missing` is empty; closing the vote counts it and
/// publishes the resolution notice, concluding publishes the result notice, each written from the records.
extension MatterDesk {
    /// Days the resolution notice runs (at least 7, DOMAIN §2.3).
    static let noticeDays = 7
    /// The longest a vote may stay open.
    static let longestVote = 60

    /// Publishes a notice on the caller's transaction (`NoticeChain.publish` with the request's audit entry).
    typealias Publisher = @Sendable (NoticeChain.Draft, any Database) async throws -> PublicNotice

    /// Takes the matter to its next stage; returns what the page says.
    static func advance(_ file: MatterFile, objections: [NoticeObjection], closesOn: String?, author: Author,
                        on db: any Database, publish: @escaping Publisher) async throws -> String {
        let matter = file.matter
        let missing = file.missing(objections: objections)
        guard missing.isEmpty else { throw AppError.conflict("还不能进入下一阶段：" + missing.joined(separator: "；")) }
        return try await db.transaction { db in
            // The stage is moved first, and only from the stage this page showed: two clicks cannot both advance it.
            let next: MatterStage
            switch matter.stage {
            case .soliciting: next = .proposing
            case .proposing: next = .consulting
            case .consulting: next = .reviewing
            case .reviewing:
                guard let text = closesOn, let day = CivilDate(typed: text), day >= author.today, day <= author.today.adding(days: longestVote) else {
                    throw AppError.invalid("closesOn", "请填写表决截止日期（今天起\(longestVote)天内，格式YYYY-MM-DD）")
                }
                next = .voting
                try await Matter.query(on: db).set(\.$voteClosesOn, to: day.description).filter(\.$id == file.id).update()
            case .voting:
                next = file.outcome.passed ? .publicizing : .rejected
            case .publicizing: next = .implementing
            case .implementing: next = .concluded
            case .concluded, .rejected: throw AppError.conflict("本事项已办结")
            }
            let moved = try await db.sql.update(Matter.schema).set("stage", to: next.rawValue)
                .where("id", .equal, file.id).where("stage", .equal, matter.stage.rawValue).returning("id").all()
            guard !moved.isEmpty else { throw AppError.conflict("本事项已进入下一阶段（可能由他人刚刚操作），请刷新页面") }
            let notice: String
            switch next {
            case .publicizing, .rejected:
                let result = MatterResult(file)
                try await Matter.query(on: db).set(\.$result, to: result.json).filter(\.$id == file.id).update()
                let published = try await publish(try await resolutionDraft(file, result: result, today: author.today, on: db), db)
                notice = "表决已截止：\(result.passed ? "通过" : "未获通过")。已发布决议公示（编号\(try published.requireID())）。"
            case .concluded:
                let published = try await publish(try await resultDraft(file, today: author.today, on: db), db)
                notice = "已发布结果公开（编号\(try published.requireID())），事项办结。"
            case .voting:
                notice = "已进入居民表决，截止日期\(closesOn ?? "")。"
            default:
                notice = "已进入“\(next.label)”阶段。"
            }
            try await DataRevision.bump(DeliberationModule.name, on: db)
            return notice
        }
    }

    /// The residents' committee of the community a matter belongs to, which signs its notices.
    static func committee(of path: String, on db: any Database) async throws -> String {
        let community = try await RegistryDirectory.places(ids: PlaceScope.ids(in: path), on: db).first { $0.kind == .community }
        return (community?.name ?? "") + "居民委员会"
    }

    static func resolutionDraft(_ file: MatterFile, result: MatterResult, today: CivilDate, on db: any Database) async throws -> NoticeChain.Draft {
        let matter = file.matter
        let place = try await RegistryDirectory.places(ids: [matter.placeID], on: db).first
        let author = try await committee(of: matter.path, on: db)
        let until = today.adding(days: noticeDays - 1)
        var lines = [
            "事项：\(matter.title)",
            "范围：\(place?.address ?? "")，共\(result.eligible.heads)\(result.unit)",
            "表决规则：\(matter.rule.label)。\(matter.rule.law)",
            "表决截止：\(matter.voteClosesOn ?? "")",
            "计票：参与表决\(result.participated.heads)\(result.unit)，其中同意\(result.inFavour)、反对\(result.against)、弃权\(result.abstained)。",
        ]
        for c in result.conditions {
            lines.append("· \(c.label)：\(c.count)/\(c.total)，须\(c.threshold)（至少\(c.needed)），\(c.met ? "已达到" : "未达到")")
        }
        lines.append("结论：\(result.passed ? "通过" : "未获通过")。")
        if let plan = file.currentPlan { lines.append("表决方案（第\(plan.version)版）：\n\(plan.text)") }
        lines.append("公示期：\(today)至\(until)。对表决结果有异议的，请于公示期内向社区居民委员会提出，社区在\(NoticeObjection.answerDays)日内答复。")
        return NoticeChain.Draft(placeID: matter.placeID, path: matter.path, kind: .resolution, title: "关于“\(matter.title)”表决结果的公示",
                                 body: lines.joined(separator: "\n"), source: MatterFile.source(file.id), author: author,
                                 runsFrom: today, runsUntil: until, objectionsUntil: until)
    }

    static func resultDraft(_ file: MatterFile, today: CivilDate, on db: any Database) async throws -> NoticeChain.Draft {
        let matter = file.matter
        var lines = ["事项：\(matter.title)"]
        if let notice = file.resolutionNotice { lines.append("决议公示：\(notice.title)（编号\(try notice.requireID())，\(notice.period)）") }
        lines.append("实施情况：")
        for p in file.progress { lines.append("· \(p.onDay)：\(p.text)（进度\(p.percent)%）") }
        return NoticeChain.Draft(placeID: matter.placeID, path: matter.path, kind: .result, title: "关于“\(matter.title)”实施结果的公开",
                                 body: lines.joined(separator: "\n"), source: MatterFile.source(file.id),
                                 author: try await committee(of: matter.path, on: db), runsFrom: today, runsUntil: today.adding(days: noticeDays - 1))
    }
}

/// A matter's counted vote, frozen when the vote closed: what the notice printed, and what its page shows from then on.
struct MatterResult: Codable, Sendable {
    let eligible: VoteCount, participated: VoteCount
    let inFavour: Int, against: Int, abstained: Int
    let conditions: [VoteCondition]
    let passed: Bool
    /// "户", "人", "名业主".
    let unit: String

    init(_ file: MatterFile) {
        let tally = file.tally, outcome = file.outcome
        let counted = file.ballots.filter { file.electorate.weights[$0.voter] != nil }
        eligible = tally.eligible; participated = tally.participated
        inFavour = counted.filter { $0.choice == .inFavour }.count
        against = counted.filter { $0.choice == .against }.count
        abstained = counted.filter { $0.choice == .abstain }.count
        conditions = outcome.conditions
        passed = outcome.passed
        unit = file.matter.rule.byOwners ? "名业主" : file.matter.assemblyForm == .households ? "户" : "人"
    }

    var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    static func from(_ text: String?) -> MatterResult? { text.flatMap { try? JSONDecoder().decode(MatterResult.self, from: Data($0.utf8)) } }
}
