import Testing
@testable import GongzhiCore

/// Every vote rule at its boundaries, with the law each cites (docs/GLOSSARY.md, "Deliberation").
struct VoteRuleTests {
    static let standard = VoteThresholds.standard

    static func tally(eligible: Int, participated: Int, inFavour: Int) -> VoteTally {
        VoteTally(eligible: VoteCount(heads: eligible), participated: VoteCount(heads: participated), inFavour: VoteCount(heads: inFavour))
    }

    /// Organic Law of Urban Residents' Committees art. 9 (2018): valid with more than half present, passed by more than
    /// half of those present.
    @Test(arguments: [
        (100, 51, 26, true),    // just over half present, just over half of them in favour
        (100, 50, 50, false),   // exactly half present: not more than half
        (100, 51, 25, false),   // 25 of 51 is not more than half
        (101, 51, 26, true),
        (100, 100, 50, false),  // a tie fails
        (0, 0, 0, false),       // nobody to vote: nothing passes
    ])
    func residentsAssembly(eligible: Int, present: Int, inFavour: Int, passes: Bool) {
        let outcome = VoteRule.residentsAssembly.outcome(Self.tally(eligible: eligible, participated: present, inFavour: inFavour), thresholds: Self.standard)
        #expect(outcome.passed == passes)
        #expect(outcome.conditions.count == 2)
        #expect(VoteRule.residentsAssembly.law.contains("组织法》第九条"))
    }

    @Test func assemblyNamesItsVoters() {
        let outcome = VoteRule.residentsAssembly.outcome(Self.tally(eligible: 30, participated: 20, inFavour: 15), thresholds: Self.standard, form: .representatives)
        #expect(outcome.conditions[0].label == "出席的代表")
        #expect(outcome.conditions[0].needed == 16)
    }

    /// The article's "large majority": at least 2/3 of all households in scope, exactly 2/3 included.
    @Test(arguments: [
        (90, 60, true),   // exactly 2/3
        (90, 59, false),  // one household short
        (100, 67, true), (100, 66, false),
        (3, 2, true),
    ])
    func largeMajority(households: Int, inFavour: Int, passes: Bool) {
        let outcome = VoteRule.largeMajority.outcome(Self.tally(eligible: households, participated: households, inFavour: inFavour), thresholds: Self.standard)
        #expect(outcome.passed == passes)
        #expect(outcome.conditions.first?.needed == (households * 2 + 2) / 3)
    }

    static func owners(_ eligible: (Int, Int), _ participated: (Int, Int), _ inFavour: (Int, Int)) -> VoteTally {
        VoteTally(eligible: VoteCount(heads: eligible.0, area: eligible.1), participated: VoteCount(heads: participated.0, area: participated.1),
                  inFavour: VoteCount(heads: inFavour.0, area: inFavour.1))
    }

    /// Civil Code art. 278: at least 2/3 of owners and of area take part; of them at least 3/4 (items 6–8) or more
    /// than 1/2 (other matters) of owners and of area agree.
    @Test(arguments: [
        // heads and area exactly at 2/3 participation and exactly 3/4 approval
        ((120, 12_000), (80, 8_000), (60, 6_000), true),
        // one owner short of 2/3 participation
        ((120, 12_000), (79, 8_000), (60, 6_000), false),
        // heads met but area short
        ((120, 12_000), (80, 7_999), (60, 6_000), false),
        // area met but heads short of 3/4 approval
        ((120, 12_000), (80, 8_000), (59, 6_000), false),
        // heads met but approving area short
        ((120, 12_000), (80, 8_000), (60, 5_999), false),
    ] as [((Int, Int), (Int, Int), (Int, Int), Bool)])
    func ownersMajor(eligible: (Int, Int), participated: (Int, Int), inFavour: (Int, Int), passes: Bool) {
        let outcome = VoteRule.ownersMajor.outcome(Self.owners(eligible, participated, inFavour), thresholds: Self.standard)
        #expect(outcome.passed == passes)
        #expect(outcome.conditions.count == 4)
        #expect(VoteRule.ownersMajor.law.contains("第二百七十八条"))
    }

    @Test(arguments: [
        ((120, 12_000), (80, 8_000), (41, 4_001), true),
        ((120, 12_000), (80, 8_000), (40, 4_001), false),   // exactly half of the owners is not more than half
        ((120, 12_000), (80, 8_000), (41, 4_000), false),   // exactly half of the area
    ] as [((Int, Int), (Int, Int), (Int, Int), Bool)])
    func ownersOrdinary(eligible: (Int, Int), participated: (Int, Int), inFavour: (Int, Int), passes: Bool) {
        #expect(VoteRule.ownersOrdinary.outcome(Self.owners(eligible, participated, inFavour), thresholds: Self.standard).passed == passes)
    }

    @Test func thresholdsAreSettings() {
        var stricter = VoteThresholds.standard
        stricter.largeMajority = Threshold.parse("3/4")!
        let tally = Self.tally(eligible: 90, participated: 90, inFavour: 60)
        #expect(VoteRule.largeMajority.outcome(tally, thresholds: .standard).passed)
        #expect(!VoteRule.largeMajority.outcome(tally, thresholds: stricter).passed)
        #expect(Threshold.parse(">1/2") == Threshold(1, 2, inclusive: false))
        #expect(Threshold.parse("2/3")?.description == "不少于2/3")
        #expect(Threshold.parse(">1/2")?.description == "超过半数")
        for bad in ["", "3/2", "0/3", "1/0", "a/b", "1/1000"] { #expect(Threshold.parse(bad) == nil) }
        // A setting may ask more than the law, never less.
        var values = Dictionary(uniqueKeysWithValues: VoteThresholds.fields.map { ($0.name, VoteThresholds.standard[keyPath: $0.key].setting) })
        values["ownersMajor"] = "4/5"
        #expect(VoteThresholds.parse(values).0?.ownersMajor == Threshold(4, 5, inclusive: true))
        values["ownersMajor"] = "2/3"
        #expect(VoteThresholds.parse(values).1.first?.field == "ownersMajor")
        values["ownersMajor"] = "3/4"; values["assemblyPresence"] = "1/2"
        #expect(VoteThresholds.parse(values).1.first?.message.contains("不能低于超过半数") == true, "exactly half is less than more than half")
        #expect(Threshold(1, 2, inclusive: false).isAtLeast(Threshold(1, 2, inclusive: true)))
    }

    /// The Supreme People's Court's interpretation, art. 9: one part one owner; one buyer of several parts, and the
    /// unsold parts, count once.
    @Test func ownersAreCountedAsTheCourtCountsThem() {
        let parts = [
            ExclusivePart(dwellingID: 1, area: 8_550, owner: "a"),
            ExclusivePart(dwellingID: 2, area: 9_000, owner: "a"),    // the same buyer: still one owner
            ExclusivePart(dwellingID: 3, area: 7_000, owner: "b"),
            ExclusivePart(dwellingID: 4, area: 6_000, owner: nil),    // unsold
            ExclusivePart(dwellingID: 5, area: 6_000, owner: nil),    // unsold: together with the other, one
        ]
        #expect(ExclusivePart.count(parts) == VoteCount(heads: 3, area: 36_550))
        #expect(ExclusivePart.byVoter(parts)["owner:a"] == VoteCount(heads: 1, area: 17_550))
        #expect(SquareMetres.text(8_550) == "85.5")
        #expect(SquareMetres.text(8_505) == "85.05")
        #expect(SquareMetres.hundredths(85.55) == 8_555)
    }
}
