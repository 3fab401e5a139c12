import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The regional committees in a scope and their member units, counted from membership records.
struct CommitteeRoster: Sendable {
    struct Committee: Sendable {
        let entry: RegistryDirectory.PartyOrganizationEntry
        let members: [Int]
        var level: CommitteeLevel { entry.kind == .regionalWorkingCommittee ? .subdistrict : .community }
    }
    let committees: [Committee]
    let agreements: Int

    func members(at level: CommitteeLevel) -> Int { committees.filter { $0.level == level }.reduce(0) { $0 + $1.members.count } }
    func count(at level: CommitteeLevel) -> Int { committees.filter { $0.level == level }.count }

    static func load(_ scope: PlaceScope, on db: any Database) async throws -> CommitteeRoster {
        let committees = try await RegistryDirectory.partyOrganizations([.regionalWorkingCommittee, .communityRegionalCommittee], within: scope, on: db)
        let members = try await CommitteeMember.query(on: db).within(scope, \.$path).all()
        let byCommittee = Dictionary(grouping: members, by: \.committeeID)
        return CommitteeRoster(
            committees: committees.map { c in Committee(entry: c, members: (byCommittee[c.id] ?? []).map(\.organizationID)) },
            agreements: try await Agreement.query(on: db).within(scope, \.$path).count())
    }

    var figures: [Highlight.Figure] {
        // A community's page holds no subdistrict committee: its line is left out rather than shown as 0.
        (count(at: .subdistrict) > 0 ? [.init("街道区域党工委成员单位", "\(members(at: .subdistrict))家")] : [])
            + [.init("社区区域党委", "\(count(at: .community))个"), .init("社区区域党委成员单位", "\(members(at: .community))家"),
               .init("共建协议", "\(agreements)份")]
    }

    /// 成立街道区域党工委和10个社区区域党委，使35家街道区域党工委成员单位和96家社区区域党委成员单位互通互联。
    var sentence: String {
        "成立街道区域党工委和\(count(at: .community))个社区区域党委，使\(members(at: .subdistrict))家街道区域党工委成员单位和"
            + "\(members(at: .community))家社区区域党委成员单位互通互联。"
    }
}
