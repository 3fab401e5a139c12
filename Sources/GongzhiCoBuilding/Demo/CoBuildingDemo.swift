import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's regional co-building: every resident unit joins its community's regional committee (96), the first 35
/// also the subdistrict's regional working committee; the agreement with 省直干休所 that built the 经纬天地 pocket park.
enum CoBuildingDemo {
    static let subdistrictMembers = 35

    static func load(on db: any Database) async throws {
        let all = PlaceScope(paths: ["/"])
        let committees = try await RegistryDirectory.partyOrganizations([.regionalWorkingCommittee, .communityRegionalCommittee], within: all, on: db)
        let units = try await RegistryDirectory.organizations([.residentUnit], within: all, on: db)
        var insert = BulkInsert(CommitteeMember.schema, columns: ["committee_id", "path", "organization_id", "joined_on"])
        if let working = committees.first(where: { $0.kind == .regionalWorkingCommittee }) {
            for unit in units.prefix(subdistrictMembers) { insert.append([working.id, working.path, unit.id, "2019-03-01"]) }
        }
        let community = committees.filter { $0.kind == .communityRegionalCommittee }
        for unit in units {
            // A unit's community committee is the one whose place holds the unit.
            if let committee = community.first(where: { unit.path.hasPrefix($0.path) }) {
                insert.append([committee.id, committee.path, unit.id, "2019-05-01"])
            }
        }
        try await insert.run(on: db)
        if let unit = units.first(where: { $0.name == "河南省省直干休所" }) {
            let agreement = Agreement()
            agreement.organizationID = unit.id; agreement.path = unit.path; agreement.signedOn = "2020-05-20"
            agreement.title = "街道与省直干休所共建协议"
            agreement.content = "整合单位临街闲置空间、拆违腾挪公共空间，打造共享绿地空间，建设900平方米“经纬天地”街边游园。"
            try await agreement.create(on: db)
        }
        try await DataRevision.bump(CoBuildingModule.name, on: db)
    }
}
