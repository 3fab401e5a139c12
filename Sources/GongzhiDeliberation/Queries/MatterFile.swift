import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// Everything recorded about a matter, and what follows from it: the tally against the rule, and what is still
/// missing before the next stage may open. Every figure on the matter's page is this arithmetic.
struct MatterFile: Sendable {
    let matter: Matter
    let id: Int
    let households: [RegistryDirectory.HouseholdEntry]
    /// The exclusive parts of an owners' matter (none for the others).
    let parts: [MatterPart]
    /// The residents who vote in an assembly of all adults or of representatives (none for the others).
    let residentVoters: [RegistryDirectory.ResidentEntry]
    /// Who may vote, each under the key their one vote counts by (built once from the records above).
    let electorate: Electorate
    /// Current opinions, one per household; `history` keeps the replaced ones.
    let opinions: [MatterOpinion]
    let opinionHistory: [MatterOpinion]
    let meetings: [MatterMeeting]
    let plans: [MatterPlan]
    let ballots: [MatterBallot]
    let ballotHistory: [MatterBallot]
    let progress: [MatterProgress]
    let notices: [PublicNotice]
    let today: CivilDate

    static func load(_ matter: Matter, today: CivilDate, on db: any Database) async throws -> MatterFile {
        let id = try matter.requireID()
        let scope = try await MatterHousehold.query(on: db).filter(\.$matterID == id).all()
        let households = try await RegistryDirectory.households(ids: scope.map(\.householdID), adultsOn: today, on: db)
        let opinions = try await MatterOpinion.query(on: db).filter(\.$matterID == id).sort(\.$id).all()
        let ballots = try await MatterBallot.query(on: db).filter(\.$matterID == id).sort(\.$id).all()
        let parts = matter.rule.byOwners ? try await MatterPart.query(on: db).filter(\.$matterID == id).sort(\.$path).all() : []
        let residentVoters = !matter.residentsVote ? []
            : matter.assemblyForm == .adults ? try await RegistryDirectory.residents(inHouseholds: households.map(\.id), bornOnOrBefore: today.adding(years: -18), on: db)
            : try await RegistryDirectory.residents(ids: matter.representativeIDs, on: db)
        return MatterFile(
            matter: matter, id: id, households: households, parts: parts, residentVoters: residentVoters,
            electorate: Electorate(matter, households: households, parts: parts, residents: residentVoters),
            opinions: opinions.filter { $0.replacedAt == nil }, opinionHistory: opinions.filter { $0.replacedAt != nil },
            meetings: try await MatterMeeting.query(on: db).filter(\.$matterID == id).sort(\.$heldOn).sort(\.$id).all(),
            plans: try await MatterPlan.query(on: db).filter(\.$matterID == id).sort(\.$version).all(),
            ballots: ballots.filter { $0.replacedAt == nil }, ballotHistory: ballots.filter { $0.replacedAt != nil },
            progress: try await MatterProgress.query(on: db).filter(\.$matterID == id).sort(\.$onDay).sort(\.$id).all(),
            notices: try await PublicNotice.query(on: db).filter(\.$source == Self.source(id)).sort(\.$id).all(),
            today: today)
    }

    /// How a notice names the matter it was written from.
    static func source(_ id: Int) -> String { "matter:\(id)" }

    // MARK: 征

    var householdIDs: Set<Int> { Set(households.map(\.id)) }
    var askedHouseholds: Set<Int> { Set(opinions.map(\.householdID)) }
    /// Households in scope not yet asked, in address order: the visit round's list.
    var notAsked: [RegistryDirectory.HouseholdEntry] { let asked = askedHouseholds; return households.filter { !asked.contains($0.id) } }
    func opinions(_ stance: MatterOpinion.Stance) -> Int { opinions.filter { $0.stance == stance }.count }

    // MARK: 三议

    func meetings(_ kind: MeetingKind) -> [MatterMeeting] { meetings.filter { $0.kind == kind } }
    var currentPlan: MatterPlan? { plans.last }

    // MARK: 决

    var tally: VoteTally {
        let voters = electorate
        var participated = VoteCount.zero, inFavour = VoteCount.zero
        for ballot in ballots {
            guard let weight = voters.weights[ballot.voter] else { continue }
            participated = participated + weight    // abstaining is taking part
            if ballot.choice == .inFavour { inFavour = inFavour + weight }
        }
        return VoteTally(eligible: voters.eligible, participated: participated, inFavour: inFavour)
    }

    var outcome: VoteOutcome { matter.rule.outcome(tally, thresholds: matter.voteThresholds, form: matter.assemblyForm) }

    var voteIsOpen: Bool {
        guard matter.stage == .voting, let closes = matter.voteClosesOn.flatMap({ CivilDate(typed: $0) }) else { return false }
        return today <= closes
    }

    // MARK: 两公开

    var resolutionNotice: PublicNotice? { notices.last { $0.kind == .resolution } }

    // MARK: What the next stage waits for

    /// What must be recorded before the matter may go on from its stage; empty: it may.
    func missing(objections: [NoticeObjection]) -> [String] {
        var missing: [String] = []
        switch matter.stage {
        case .soliciting:
            if opinions.isEmpty { missing.append("尚未记录任何住户的意见") }
        case .proposing, .consulting, .reviewing:
            let kind = matter.stage.meeting!
            if let last = meetings(kind).last {
                if !last.isQuorate { missing.append("\(kind.label)实到\(last.present)人，未超过应到\(last.due)人的半数，须重新召开") }
                else if !last.agreed { missing.append("\(kind.label)未同意，须修改方案后重新召开") }
            } else { missing.append("尚未记录\(kind.label)") }
            if currentPlan == nil { missing.append("尚未拟定方案") }
            if matter.stage == .reviewing && matter.votesByRepresentatives && matter.representativeIDs.isEmpty {
                missing.append("尚未登记居民小组选举的代表名单")
            }
        case .voting:
            if let closes = matter.voteClosesOn, voteIsOpen { missing.append("表决截止日为\(closes)，截止后方可计票") }
        case .publicizing:
            if let notice = resolutionNotice, let until = CivilDate(typed: notice.runsUntil), today <= until {
                missing.append("决议公示期至\(notice.runsUntil)，期满后方可组织实施")
            }
            let open = objections.filter { $0.answer == nil }
            if !open.isEmpty { missing.append("还有\(open.count)条异议尚未答复") }
        case .implementing:
            if !progress.contains(where: { $0.percent == 100 }) { missing.append("尚未记录完成（进度100%）的实施情况") }
        case .concluded, .rejected:
            break
        }
        return missing
    }
}

/// The voters of a matter: under which key each vote counts, and what it weighs.
struct Electorate: Sendable {
    let weights: [String: VoteCount]
    let labels: [String: String]
    var eligible: VoteCount { weights.values.reduce(.zero, +) }

    /// Households vote one each; under the Civil Code owners vote, one each however many parts they hold (the unsold
    /// parts together as one), with the area of all their parts.
    init(_ matter: Matter, households: [RegistryDirectory.HouseholdEntry], parts: [MatterPart], residents: [RegistryDirectory.ResidentEntry]) {
        var weights: [String: VoteCount] = [:], labels: [String: String] = [:]
        if matter.residentsVote {
            let addresses = Dictionary(households.map { ($0.path, $0.address) }) { a, _ in a }
            for r in residents {
                let key = Self.key(resident: r.id)
                weights[key] = VoteCount(heads: 1)
                labels[key] = "\(r.name)（\(addresses[r.path] ?? "")）"
            }
        } else if matter.rule.byOwners {
            weights = ExclusivePart.byVoter(parts.map(\.part))
            for (key, group) in Dictionary(grouping: parts, by: { $0.part.voterKey }) {
                let area = SquareMetres.text(group.reduce(0) { $0 + $1.area })
                labels[key] = group[0].owner == nil
                    ? "未售房屋（\(group.count)套，\(area)㎡）"
                    : "\(group[0].ownerName ?? "业主")：\(group[0].address)\(group.count > 1 ? "等\(group.count)套" : "")（\(area)㎡）"
            }
        } else {
            for h in households {
                let key = Self.key(household: h.id)
                weights[key] = VoteCount(heads: 1, area: h.area)
                labels[key] = h.address
            }
        }
        self.weights = weights; self.labels = labels
    }

    /// The voters in the order of their labels (a household's address, an owner's name).
    var ordered: [(key: String, label: String)] { labels.map { ($0.key, $0.value) }.sorted { $0.label < $1.label } }

    static func key(household id: Int) -> String { "household:\(id)" }
    static func key(resident id: Int) -> String { "resident:\(id)" }
}
