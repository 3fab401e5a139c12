import GongzhiCore

/// Units, party organisations and facilities of the demo subdistrict, with explicit ids.
struct DemoOrganizations {
    struct Org {
        let id: Int; let kind: OrganizationKind; let name: String; let community: Int; var red = false; var hasParty = false
        /// Housed in the office building (河南合作大厦) rather than placed at its community.
        var inTower = false
    }
    struct PartyOrg { let id: Int; let parentID: Int?; let kind: PartyOrganizationKind; let name: String; let placeID: Int; let path: String; let founded: String }

    var orgs: [Org] = []
    var partyOrgs: [PartyOrg] = []
    /// Ordinary branches per community by member category, where members are placed.
    var branches: [[PartyMemberCategory: Int]] = []
    var propertyCompanyIDs: [Int] = []
    /// Area branch ids per community, in the order they cover that community's ownerless compounds.
    var areaBranches: [[Int]] = []

    /// Units first: property companies (10 in red property), resident units, two-new organisations, contractors, utilities.
    static func units(rng: inout DemoRandom) -> DemoOrganizations {
        var d = DemoOrganizations()
        func add(_ kind: OrganizationKind, _ name: String, community: Int, red: Bool = false, party: Bool = false) {
            d.orgs.append(Org(id: d.orgs.count + 1, kind: kind, name: name, community: community, red: red, hasParty: party))
        }
        add(.propertyCompany, "河南省省直物业有限责任公司", community: 0, red: true, party: true)
        for i in 2...14 {
            add(.propertyCompany, "演示物业服务有限公司\(i)", community: i % 10, red: i <= DemoPlan.redPropertyCompanies, party: i <= DemoPlan.redPropertyCompanies)
        }
        d.propertyCompanyIDs = d.orgs.map(\.id)
        add(.residentUnit, "河南省省直干休所", community: 1)
        add(.residentUnit, DemoPlan.officeTower, community: 0)
        d.orgs[d.orgs.count - 1].inTower = true
        for i in 3...DemoPlan.residentUnits { add(.residentUnit, "演示驻区单位\(i)", community: rng.int(0...9)) }
        for i in 1...DemoPlan.twoNewOrganizations {
            let social = i > 70
            // Eight two-new organisations have a party organisation, three of them founded this year (in 河南合作大厦).
            add(social ? .newSocialOrg : .newEconomicOrg, social ? "演示社会组织\(i - 70)" : "演示科技有限公司\(i)",
                community: i <= 3 ? 0 : rng.int(0...9), party: i <= 8)
            d.orgs[d.orgs.count - 1].inTower = i <= DemoPlan.newTwoNewPartyOrganizations
        }
        for i in 1...4 { add(.contractor, "演示建设工程有限公司\(i)", community: rng.int(0...9)) }
        for (i, name) in ["供水", "供电", "燃气", "供暖"].enumerated() { add(.utility, "演示\(name)服务站", community: i) }
        return d
    }

    /// The party tree: working committees, 5 community committees and 5 general branches, their branches,
    /// 12 area branches, regional committees and the two-new party organisations.
    mutating func partyTree(root: DemoPlaces.Node, communities: [DemoPlaces.Node], tower: DemoPlaces.Node?) {
        func add(_ parent: Int?, _ kind: PartyOrganizationKind, _ name: String, _ place: DemoPlaces.Node, founded: String = "2012-06-01") -> Int {
            let id = partyOrgs.count + 1
            partyOrgs.append(PartyOrg(id: id, parentID: parent, kind: kind, name: name, placeID: place.id, path: place.path, founded: founded))
            return id
        }
        let working = add(nil, .subdistrictWorkingCommittee, "中共花园路街道工作委员会", root)
        _ = add(working, .regionalWorkingCommittee, "花园路街道区域党工委", root, founded: "2019-03-01")
        let ownerless = DemoPlan.ownerlessCompounds
        var extraAreaBranches = DemoPlan.areaBranches - communities.count
        for (ci, community) in communities.enumerated() {
            let short = community.name.replacingOccurrences(of: "社区", with: "")
            let lead = add(working, ci < 5 ? .communityCommittee : .generalBranch,
                           "中共\(community.name)\(ci < 5 ? "委员会" : "总支部委员会")", community)
            _ = add(lead, .communityRegionalCommittee, "\(community.name)区域党委", community, founded: "2019-05-01")
            branches.append([
                .retired: add(lead, .branch, "\(short)社区第一党支部（离退休）", community),
                .inService: add(lead, .branch, "\(short)社区第二党支部（在职）", community),
                .directlyManaged: add(lead, .branch, "\(short)社区第三党支部", community),
            ])
            // Each community's ownerless compounds are covered by one area branch, two of them by two.
            var ids = [add(lead, .areaBranch, "\(short)片区第一党支部", community, founded: "\(DemoPlan.establishedYear)-04-15")]
            if extraAreaBranches > 0 && ownerless[ci] >= 2 {
                ids.append(add(lead, .areaBranch, "\(short)片区第二党支部", community, founded: "\(DemoPlan.establishedYear)-05-20"))
                extraAreaBranches -= 1
            }
            areaBranches.append(ids)
        }
        for org in orgs where OrganizationKind.twoNew.contains(org.kind) && org.hasParty {
            let newThisYear = org.id <= orgs.first { OrganizationKind.twoNew.contains($0.kind) }!.id + DemoPlan.newTwoNewPartyOrganizations - 1
            _ = add(partyOrgs[0].id, .newOrgCommittee, "中共\(org.name)支部委员会", org.inTower ? tower ?? communities[org.community] : communities[org.community],
                    founded: newThisYear ? "\(DemoPlan.establishedYear)-07-01" : "2016-07-01")
        }
    }

    /// The covering area branch of a community's n-th ownerless compound.
    func areaBranch(community: Int, ownerlessIndex: Int) -> Int {
        let ids = areaBranches[community]
        return ids[min(ids.count - 1, ownerlessIndex * ids.count / max(1, DemoPlan.ownerlessCompounds[community]))]
    }
}
