import Testing
@testable import GongzhiCore

/// The seed's sentence: 街道辖区面积3平方公里，下辖10个社区（其中社区党委5个、党总支5个），人口7.57万人，党员9716人，…
struct ProfileTests {
    static let seed = "街道辖区面积3平方公里，下辖10个社区（其中社区党委5个、党总支5个），人口7.57万人，党员9716人，其中在职党员4695人，离退休党员3363人，直管党员1658人。驻区单位96家，“两新”企业83家。"

    @Test func seedFiguresGiveTheSeedSentence() {
        let profile = SubdistrictProfile(areaKm2: 3, communities: 10, communityCommittees: 5, generalBranches: 5, population: 75_700,
                                         partyMembers: [.inService: 4_695, .retired: 3_363, .directlyManaged: 1_658],
                                         residentUnits: 96, twoNewOrganizations: 83)
        #expect(profile.paragraph == Self.seed)
        #expect(profile.partyMemberTotal == 9_716)
    }

    @Test(arguments: [(75_700, "7.57万人"), (75_749, "7.57万人"), (75_750, "7.58万人"), (100_000, "10万人"), (10_500, "1.05万人"), (9_999, "9999人")])
    func population(people: Int, text: String) { #expect(ChineseNumber.population(people) == text) }

    @Test(arguments: [(3.0, "3"), (2.5, "2.5"), (0.125, "0.13"), (12.04, "12.04")])
    func decimals(value: Double, text: String) { #expect(ChineseNumber.decimal(value) == text) }

    /// 达标星级楼组279个，达标率66%.
    @Test func percent() { #expect(ChineseNumber.percent(279, of: 423) == "66%") }
}
