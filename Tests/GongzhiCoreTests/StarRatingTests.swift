import Testing
@testable import GongzhiCore

/// 星级楼组: 三净（地面净、墙面净、门窗净）三有（有文化、有活动、有服务）; 达标星级楼组279个，达标率66%.
struct StarRatingTests {
    static func checklist(_ clean: Int, _ has: Int) -> StarChecklist {
        StarChecklist(groundClean: clean > 0, wallsClean: clean > 1, doorsWindowsClean: clean > 2,
                      hasCulture: has > 0, hasActivities: has > 1, hasServices: has > 2)
    }

    @Test(arguments: [
        (0, 0, 0), (1, 3, 1), (2, 3, 2),      // a missed 净 keeps a group below the pass level, whatever it has
        (3, 0, 3), (3, 1, 3), (3, 2, 4), (3, 3, 5),
    ])
    func standardRule(clean: Int, has: Int, stars: Int) {
        #expect(StarRule.standard.stars(Self.checklist(clean, has)) == stars)
    }

    @Test func passLevelIsConfigurable() {
        #expect(StarRule.standard.passes(3))
        #expect(!StarRule.standard.passes(2))
        let strict = StarRule(passLevel: 4)
        #expect(!strict.passes(StarRule.standard.stars(Self.checklist(3, 1))))
        #expect(strict.passes(StarRule.standard.stars(Self.checklist(3, 2))))
    }

    @Test func symbols() {
        #expect(StarRule.symbols(3) == "★★★☆☆")
        #expect(StarRule.symbols(0) == "☆☆☆☆☆")
    }
}
