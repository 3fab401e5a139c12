import Fluent
import Foundation
import GongzhiCore

/// The stages of 一征三议两公开, in the only order a matter may take them (docs/GLOSSARY.md, "Deliberation").
enum MatterStage: String, Codable, Sendable, CaseIterable {
    /// 征: opinions from the households in scope.
    case soliciting
    /// 提议: the party organisation's meeting proposes a plan.
    case proposing
    /// 商议: the committees (with party-member representatives, and units where concerned) review it.
    case consulting
    /// 审议: the residents' representatives decide to put it to the vote.
    case reviewing
    /// 决: the residents (or owners) vote.
    case voting
    /// 公开 (1): the resolution notice runs, objections are answered.
    case publicizing
    /// 实施: carried out and tracked.
    case implementing
    /// 公开 (2): the result is published; the matter is closed.
    case concluded
    /// The vote failed; the outcome was published and the matter is closed.
    case rejected

    var label: String {
        switch self {
        case .soliciting: "征求意见"; case .proposing: "党组织提议"; case .consulting: "两委商议"; case .reviewing: "居民代表审议"
        case .voting: "居民表决"; case .publicizing: "决议公示"; case .implementing: "组织实施"; case .concluded: "结果公开"
        case .rejected: "未获通过"
        }
    }

    /// The stages a matter passes through when all goes well, for the progress line on its page.
    static let path: [MatterStage] = [.soliciting, .proposing, .consulting, .reviewing, .voting, .publicizing, .implementing, .concluded]

    /// The meeting (三议) recorded in this stage, if it has one.
    var meeting: MeetingKind? {
        switch self { case .proposing: .partyProposal; case .consulting: .committeeConsultation; case .reviewing: .representativesReview; default: nil }
    }

    var isClosed: Bool { self == .concluded || self == .rejected }
    /// Before the vote opens: the plan and the representatives may still change.
    var isBeforeVote: Bool { self == .soliciting || meeting != nil }
}

/// A matter of deliberation (议事事项): what is to be decided, for which households, by which rule.
final class Matter: Model, @unchecked Sendable {
    static let schema = "matters"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// The place the matter belongs to (the compound or building its households live in, or their community):
    /// who sees it, and where its notices are posted.
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "rule") var rule: VoteRule
    @Field(key: "assembly_form") var assemblyForm: AssemblyForm
    /// The residents' representatives elected by the residents' groups (ids, comma-separated), for an assembly of representatives.
    @Field(key: "representatives") var representatives: String
    /// The thresholds in force when the matter was opened (`VoteThresholds`, JSON): later settings never change its result.
    @Field(key: "thresholds") var thresholds: String
    @Field(key: "stage") var stage: MatterStage
    /// The last day ballots are taken (YYYY-MM-DD), set when the vote opens.
    @OptionalField(key: "vote_closes_on") var voteClosesOn: String?
    /// The eligible voters, frozen when the vote closed, with the outcome (`MatterResult`, JSON).
    @OptionalField(key: "result") var result: String?
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Int
    init() {}

    var representativeIDs: [Int] { representatives.split(separator: ",").compactMap { Int($0) } }
    /// Whether one vote is a resident's (an assembly of all adults or of representatives), not a household's or an owner's.
    var residentsVote: Bool { rule == .residentsAssembly && assemblyForm != .households }
    /// An assembly of the representatives the residents' groups elected.
    var votesByRepresentatives: Bool { rule == .residentsAssembly && assemblyForm == .representatives }

    var voteThresholds: VoteThresholds { (try? JSONDecoder().decode(VoteThresholds.self, from: Data(thresholds.utf8))) ?? .standard }
}

/// The households a matter concerns, fixed when it is opened: who is asked, and who votes.
final class MatterHousehold: Model, @unchecked Sendable {
    static let schema = "matter_households"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "household_id") var householdID: Int
    @Field(key: "dwelling_id") var dwellingID: Int
    @Field(key: "path") var path: String
    init() {}
}

/// The exclusive parts (dwellings) of an owners' matter, with their area and owner, fixed when it is opened: who
/// votes under the Civil Code, and with what weight.
final class MatterPart: Model, @unchecked Sendable {
    static let schema = "matter_parts"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "dwelling_id") var dwellingID: Int
    @Field(key: "path") var path: String
    @Field(key: "address") var address: String
    /// Hundredths of a square metre.
    @Field(key: "area") var area: Int
    /// The owner's key; nil: not yet sold.
    @OptionalField(key: "owner") var owner: String?
    @OptionalField(key: "owner_name") var ownerName: String?
    init() {}

    var part: ExclusivePart { ExclusivePart(dwellingID: dwellingID, area: area, owner: owner) }
}

/// Where an opinion or a ballot came from: written down by a worker (a door-to-door visit, a paper ballot) or given online by a resident.
enum Channel: String, Codable, Sendable, CaseIterable {
    case paper, online
    var label: String { switch self { case .paper: "入户/纸质"; case .online: "线上" } }
}

/// 征: a household's opinion. A newer opinion of the same household replaces the older one, which is kept.
final class MatterOpinion: Model, @unchecked Sendable {
    static let schema = "matter_opinions"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "household_id") var householdID: Int
    @Field(key: "path") var path: String
    @Field(key: "stance") var stance: Stance
    @Field(key: "text") var text: String
    @Field(key: "channel") var channel: Channel
    /// Who gave it: the resident's name as given, or as the worker wrote it down.
    @Field(key: "given_by") var givenBy: String
    @Field(key: "recorded_by") var recordedBy: Int
    @Field(key: "recorded_at") var recordedAt: Int
    @OptionalField(key: "replaced_at") var replacedAt: Int?
    init() {}

    enum Stance: String, Codable, Sendable, CaseIterable {
        case support, oppose, suggestion
        var label: String { switch self { case .support: "赞成"; case .oppose: "反对"; case .suggestion: "有建议" } }
    }
}

/// 三议: which meeting.
enum MeetingKind: String, Codable, Sendable, CaseIterable {
    /// 党组织提议.
    case partyProposal
    /// 两委商议 (residents' committee and party committee, with party-member representatives; units where concerned).
    case committeeConsultation
    /// 居民代表审议.
    case representativesReview

    var label: String { switch self { case .partyProposal: "党组织提议会"; case .committeeConsultation: "两委商议会"; case .representativesReview: "居民代表审议会" } }
    var stage: MatterStage { switch self { case .partyProposal: .proposing; case .committeeConsultation: .consulting; case .representativesReview: .reviewing } }
}

/// A meeting of 三议 with its due and present counts, attendees from the registry, and minutes.
final class MatterMeeting: Model, @unchecked Sendable {
    static let schema = "matter_meetings"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "path") var path: String
    @Field(key: "kind") var kind: MeetingKind
    @Field(key: "held_on") var heldOn: String
    /// 应到.
    @Field(key: "due") var due: Int
    /// The attendees, chosen from the registry's residents (ids, comma-separated): 实到 is their number.
    @Field(key: "attendee_ids") var attendeeIDs: String
    /// Attendees who are no residents of the registry (a unit's or the property company's representative), comma-separated names.
    @Field(key: "guests") var guests: String
    @Field(key: "minutes") var minutes: String
    /// What the meeting decided: to go on to the next stage, or not.
    @Field(key: "agreed") var agreed: Bool
    @Field(key: "recorded_by") var recordedBy: Int
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}

    var attendees: [Int] { attendeeIDs.split(separator: ",").compactMap { Int($0) } }
    var guestNames: [String] { guests.split(separator: "、").map(String.init) }
    /// 实到.
    var present: Int { attendees.count + guestNames.count }
    /// Held with more than half of those due present: only then does its conclusion count.
    var isQuorate: Bool { present * 2 > due }
}

/// The plan put to the vote, one version per save: a version is never overwritten.
final class MatterPlan: Model, @unchecked Sendable {
    static let schema = "matter_plans"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    @Field(key: "note") var note: String
    @Field(key: "written_by") var writtenBy: String
    @Field(key: "written_at") var writtenAt: Int
    init() {}
}

/// 决: a household's ballot. A changed ballot replaces the earlier one, which is kept; a household votes on paper or
/// online, not both.
final class MatterBallot: Model, @unchecked Sendable {
    static let schema = "matter_ballots"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    /// The key under which one vote counts: `household:12`, or an owner's (`ExclusivePart.voterKey`).
    @Field(key: "voter") var voter: String
    /// The household that cast it (nil for an owner who does not live there).
    @OptionalField(key: "household_id") var householdID: Int?
    @Field(key: "path") var path: String
    @Field(key: "choice") var choice: Choice
    @Field(key: "channel") var channel: Channel
    /// Hundredths of a square metre the vote carries (owners' votes).
    @Field(key: "area") var area: Int
    @Field(key: "cast_by") var castBy: String
    @Field(key: "recorded_by") var recordedBy: Int
    @Field(key: "recorded_at") var recordedAt: Int
    @OptionalField(key: "replaced_at") var replacedAt: Int?
    init() {}

    enum Choice: String, Codable, Sendable, CaseIterable {
        case inFavour, against, abstain
        var label: String { switch self { case .inFavour: "同意"; case .against: "反对"; case .abstain: "弃权" } }
    }
}

/// 实施: what was done, with the date and who reports it.
final class MatterProgress: Model, @unchecked Sendable {
    static let schema = "matter_progress"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "path") var path: String
    @Field(key: "on_day") var onDay: String
    @Field(key: "text") var text: String
    @Field(key: "percent") var percent: Int
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}
}
