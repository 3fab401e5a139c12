import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The worker's page of a matter: its stage, every record of every stage, and what the next stage waits for.
struct MatterPage: Encodable, Sendable {
    struct Step: Encodable, Sendable { let label: String; let state: String }
    struct Option: Encodable, Sendable { let value: String; let label: String }
    /// A condition of the rule as the page prints it: areas in square metres, the share with one decimal.
    struct Condition: Encodable, Sendable {
        let label: String; let count: String; let total: String; let share: String; let threshold: String; let needed: String; let met: Bool
        init(_ c: VoteCondition) {
            let text: (Int) -> String = { c.isArea ? SquareMetres.text($0) + "㎡" : String($0) }
            label = c.label; count = text(c.count); total = text(c.total); share = VoteCondition.share(c.count, of: c.total)
            threshold = c.threshold; needed = text(c.needed); met = c.met
        }
    }
    struct Meeting: Encodable, Sendable { let kind: String; let heldOn: String; let due: Int; let present: Int; let attendees: String; let minutes: String; let agreed: Bool; let quorate: Bool }
    struct Plan: Encodable, Sendable { let version: Int; let text: String; let note: String?; let writtenBy: String; let writtenAt: String }
    struct NoticeLink: Encodable, Sendable { let id: Int; let title: String; let kind: String; let period: String; let hash: String; let openObjections: Int }

    let id: Int
    let title: String
    let summary: String
    let place: String
    let stage: String
    let closed: Bool
    let rule: String
    let law: String
    let form: String?
    let steps: [Step]
    let missing: [String]?
    let canEdit: Bool
    let canAdvance: Bool
    let advanceLabel: String
    let asksCloseDate: Bool
    let figures: [Highlight.Figure]
    // 征
    let soliciting: Bool
    let opinions: Table
    let opinionCount: Int
    let opinionHistory: Int
    let households: Picker?
    let stances: [Option]
    // 三议
    /// An assembly of representatives: who they are, and (before the vote) the list to choose them from.
    let representativeNames: String?
    let representatives: Picker?
    let meetingKind: Option?
    let meetings: [Meeting]?
    let attendees: Picker?
    let plans: [Plan]?
    let currentPlan: String
    let plansEditable: Bool
    // 决
    let voting: Bool
    let voteCounted: Bool
    let closesOn: String?
    let conditions: [Condition]?
    let passed: Bool?
    let voters: Picker?
    let choices: [Option]
    let ballots: Table
    let ballotCount: Int
    let ballotChanges: Int
    let ballotHistory: Table
    // 两公开 and 实施
    let notices: [NoticeLink]?
    let implementing: Bool
    let progress: Table
    let input: [String: String]
    let errors: FormErrors
    /// The form to show open: the one that was sent with a problem.
    let openForm: String

    static func make(_ file: MatterFile, objections: [NoticeObjection], user: CurrentUser, input: [String: String], problems: [FieldProblem],
                     openForm: String, on db: any Database) async throws -> MatterPage {
        let matter = file.matter
        let canEdit = user.hasAny(Role.placeEditors)
        let stageIndex = MatterStage.path.firstIndex(of: matter.stage == .rejected ? .voting : matter.stage) ?? 0
        let steps = MatterStage.path.enumerated().map { i, s in
            Step(label: s.label, state: matter.stage == .rejected && s == .voting ? "failed" : i < stageIndex || matter.stage == .concluded ? "done" : i == stageIndex ? "current" : "todo")
        }
        let addresses = Dictionary(file.households.map { ($0.id, $0.address) }) { a, _ in a }
        let place = try await RegistryDirectory.places(ids: [matter.placeID], on: db).first
        let missing = file.missing(objections: objections)
        let result = MatterResult.from(matter.result)
        let tally = file.tally

        let opinions = Table(columns: ["住户", "意见", "内容", "意见人", "方式", "记录时间"].map { .plain($0) },
                             rows: file.opinions.map { o in
                                 Table.Row([.init(addresses[o.householdID] ?? "—"), .init(o.stance.label), .init(o.text.isEmpty ? "—" : o.text),
                                            .init(o.givenBy), .init(o.channel.label), .init(BeijingTime.format(seconds: o.recordedAt))])
                             }, emptyText: "尚未记录意见")

        var attendees: Picker?
        if canEdit, matter.stage.meeting != nil {
            let adults = try await RegistryDirectory.residents(bornOnOrBefore: file.today.adding(years: -18).description,
                                                                within: PlaceScope(paths: [matter.path]), limit: 2_000, on: db)
            attendees = Picker(name: "attendeeIDs[]", label: "实到参会人（从台账中选择，可多选）", options: adults.map { .init(String($0.id), $0.name) },
                               selected: nil, multiple: true, error: problems.byField["attendeeIDs"])
        }
        let names = Dictionary(try await RegistryDirectory.residents(ids: Array(Set(file.meetings.flatMap(\.attendees))), on: db).map { ($0.id, $0.name) }) { a, _ in a }
        let meetings = file.meetings.map { m in
            Meeting(kind: m.kind.label, heldOn: m.heldOn, due: m.due, present: m.present,
                    attendees: (m.attendees.compactMap { names[$0] } + m.guestNames).joined(separator: "、"), minutes: m.minutes,
                    agreed: m.agreed, quorate: m.isQuorate)
        }

        let electorate = file.electorate
        let conditions = (result?.conditions ?? file.outcome.conditions).map(Condition.init)
        let ballots = Table(columns: ["住户", "表决", "方式", "投票人", "时间"].map { .plain($0) },
                            rows: file.ballots.map { b in
                                Table.Row([.init(electorate.labels[b.voter] ?? "—"), .init(b.choice.label), .init(b.channel.label), .init(b.castBy), .init(BeijingTime.format(seconds: b.recordedAt))])
                            }, emptyText: "尚无表决票")
        let history = Table(columns: ["住户", "原表决", "方式", "投票人", "投票时间", "改票时间"].map { .plain($0) },
                            rows: file.ballotHistory.map { b in
                                Table.Row([.init(electorate.labels[b.voter] ?? "—"), .init(b.choice.label), .init(b.channel.label), .init(b.castBy),
                                           .init(BeijingTime.format(seconds: b.recordedAt)), .init(b.replacedAt.map(BeijingTime.format(seconds:)) ?? "")])
                            }, emptyText: "没有改票记录")
        let progress = Table(columns: ["日期", "实施情况", "进度", "记录人"].map { .plain($0) },
                             rows: file.progress.map { Table.Row([.init($0.onDay), .init($0.text), .init("\($0.percent)%"), .init($0.recordedBy)]) },
                             emptyText: "尚无实施记录")
        let householdOptions = file.households.map { Picker.Option(String($0.id), $0.address) }

        let advanceLabel: String = switch matter.stage {
        case .soliciting: "结束征求意见，进入党组织提议"
        case .proposing: "提议通过，进入两委商议"
        case .consulting: "商议通过，提交居民代表审议"
        case .reviewing: "审议通过，开始居民表决"
        case .voting: "截止计票并发布决议公示"
        case .publicizing: "公示期满，组织实施"
        case .implementing: "实施完成，发布结果公开"
        case .concluded, .rejected: ""
        }
        return MatterPage(
            id: file.id, title: matter.title, summary: matter.summary, place: place?.address ?? "", stage: matter.stage.label,
            closed: matter.stage.isClosed, rule: matter.rule.label, law: matter.rule.law,
            form: matter.rule == .residentsAssembly ? matter.assemblyForm.label : nil, steps: steps, missing: missing.nonEmpty,
            canEdit: canEdit, canAdvance: canEdit && missing.isEmpty && !matter.stage.isClosed, advanceLabel: advanceLabel,
            asksCloseDate: matter.stage == .reviewing,
            figures: [
                .init("范围内住户", "\(file.households.count)"), .init("已征求意见", "\(file.askedHouseholds.count)"),
                .init("尚未征求", "\(file.notAsked.count)"), .init("赞成/反对/建议", "\(file.opinions(.support))/\(file.opinions(.oppose))/\(file.opinions(.suggestion))"),
                .init("已投票", "\(tally.participated.heads)"), .init("同意", "\(tally.inFavour.heads)"),
            ],
            soliciting: matter.stage == .soliciting, opinions: opinions, opinionCount: file.opinions.count, opinionHistory: file.opinionHistory.count,
            households: canEdit && matter.stage == .soliciting
                ? Picker(name: "householdID", label: "住户", options: householdOptions, selected: input["householdID"], empty: "请选择", ordered: true, error: problems.byField["householdID"]) : nil,
            stances: MatterOpinion.Stance.allCases.map { Option(value: $0.rawValue, label: $0.label) },
            representativeNames: matter.votesByRepresentatives
                ? (matter.representativeIDs.isEmpty ? "尚未登记" : try await RegistryDirectory.residents(ids: matter.representativeIDs, on: db).map(\.name).joined(separator: "、")) : nil,
            representatives: canEdit && matter.votesByRepresentatives && matter.stage.isBeforeVote ? Picker(name: "representativeIDs[]", label: "居民小组选举的代表（可多选）",
                         options: try await RegistryDirectory.residents(inHouseholds: file.households.map(\.id), bornOnOrBefore: file.today.adding(years: -18), on: db)
                            .map { .init(String($0.id), $0.name) }, selected: nil, multiple: true, error: problems.byField["representativeIDs"]) : nil,
            meetingKind: matter.stage.meeting.map { Option(value: $0.rawValue, label: $0.label) },
            meetings: meetings.nonEmpty, attendees: attendees,
            plans: file.plans.reversed().map { Plan(version: $0.version, text: $0.text, note: $0.note.nonEmpty, writtenBy: $0.writtenBy, writtenAt: BeijingTime.format(seconds: $0.writtenAt)) }.nonEmpty,
            currentPlan: input["plan"] ?? file.currentPlan?.text ?? "",
            plansEditable: canEdit && matter.stage.isBeforeVote,
            voting: matter.stage == .voting, voteCounted: result != nil, closesOn: matter.voteClosesOn,
            conditions: conditions.nonEmpty, passed: result?.passed,
            voters: canEdit && file.voteIsOpen
                ? Picker(name: "voter", label: matter.rule.byOwners ? "业主" : "住户", options: electorate.ordered.map { .init($0.key, $0.label) },
                         selected: input["voter"], empty: "请选择", ordered: true, error: problems.byField["voter"]) : nil,
            choices: MatterBallot.Choice.allCases.map { Option(value: $0.rawValue, label: $0.label) },
            ballots: ballots, ballotCount: file.ballots.count, ballotChanges: file.ballotHistory.count, ballotHistory: history,
            notices: try file.notices.map { n in
                let id = try n.requireID()
                return NoticeLink(id: id, title: n.title, kind: n.kind.label, period: n.period, hash: String(n.hash.prefix(16)),
                                  openObjections: objections.filter { $0.noticeID == id && $0.answer == nil }.count)
            }.nonEmpty,
            implementing: canEdit && matter.stage == .implementing, progress: progress,
            input: input, errors: FormErrors(problems), openForm: openForm)
    }
}
