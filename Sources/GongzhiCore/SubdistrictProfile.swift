/// The figures of the seed's profile sentence, counted from records, and the sentence itself (报表一键生成).
public struct SubdistrictProfile: Codable, Sendable, Equatable {
    public var areaKm2: Double
    public var communities: Int
    public var communityCommittees: Int
    public var generalBranches: Int
    public var population: Int
    public var partyMembers: [PartyMemberCategory: Int]
    public var residentUnits: Int
    public var twoNewOrganizations: Int

    public init(areaKm2: Double, communities: Int, communityCommittees: Int, generalBranches: Int, population: Int,
                partyMembers: [PartyMemberCategory: Int], residentUnits: Int, twoNewOrganizations: Int) {
        self.areaKm2 = areaKm2; self.communities = communities; self.communityCommittees = communityCommittees
        self.generalBranches = generalBranches; self.population = population; self.partyMembers = partyMembers
        self.residentUnits = residentUnits; self.twoNewOrganizations = twoNewOrganizations
    }

    public var partyMemberTotal: Int { partyMembers.values.reduce(0, +) }

    /// 街道辖区面积3平方公里，下辖10个社区（其中社区党委5个、党总支5个），人口7.57万人，党员9716人，…
    public var paragraph: String {
        let count = { (c: PartyMemberCategory) in partyMembers[c] ?? 0 }
        return "街道辖区面积\(ChineseNumber.decimal(areaKm2))平方公里，下辖\(communities)个社区"
            + "（其中社区党委\(communityCommittees)个、党总支\(generalBranches)个），"
            + "人口\(ChineseNumber.population(population))，党员\(partyMemberTotal)人，"
            + "其中在职党员\(count(.inService))人，离退休党员\(count(.retired))人，直管党员\(count(.directlyManaged))人。"
            + "驻区单位\(residentUnits)家，“两新”企业\(twoNewOrganizations)家。"
    }
}

public enum ChineseNumber {
    /// 3 → "3", 2.5 → "2.5", 0.125 → "0.13": at most two decimals, no trailing zeros.
    public static func decimal(_ value: Double) -> String {
        // Stored values are bounded when typed; anything else is printed as it is rather than trapping on conversion.
        guard value.isFinite, abs(value) < 1e13 else { return "\(value)" }
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, frac = abs(hundredths % 100)
        if frac == 0 { return "\(whole)" }
        return frac % 10 == 0 ? "\(whole).\(frac / 10)" : "\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// A head count as a newspaper writes it: 75700 → "7.57万人", 8600 → "8600人".
    public static func population(_ people: Int) -> String {
        people >= 10_000 ? "\(decimal(Double(people) / 10_000))万人" : "\(people)人"
    }

    /// 66.0 → "66%", rounded to a whole percent as the seed writes 达标率66%.
    public static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }
}
