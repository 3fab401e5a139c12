import GongzhiCore
import Testing

/// 亮赛比 by outcomes: the formula on the page, computed as written, ties sharing a rank, a missing measure re-weighted.
struct RankingTests {
    @Test(arguments: [
        // onTime, review, stars → score
        (1.0, 1.0, 1.0, 100.0),
        (0.5, 0.8, 0.66, 0.4 * 50 + 0.3 * 80 + 0.3 * 66),
        (0.0, 0.0, 0.0, 0.0),
        (0.9, 0.7, 0.5, 72.0),
    ])
    func theScoreIsTheWeightedMean(onTime: Double, review: Double, stars: Double, expected: Double) {
        let score = CommunityRanking().score(.init(name: "甲", onTime: onTime, review: review, stars: stars))
        #expect(abs(score - expected) < 0.051, "\(score) ≠ \(expected)")
    }

    @Test func aMissingMeasureIsReweighted() {
        let ranking = CommunityRanking()
        // No review yet: on-time 0.8 (weight 0.4) and stars 0.5 (weight 0.3) → (0.32 + 0.15) / 0.7 = 67.1
        #expect(ranking.score(.init(name: "乙", onTime: 0.8, review: nil, stars: 0.5)) == 67.1)
        #expect(ranking.score(.init(name: "丙", onTime: nil, review: nil, stars: nil)) == 0)
    }

    @Test func tiesShareARankAndTheNextSkips() {
        let ranked = CommunityRanking().rank([
            .init(name: "c", onTime: 0.5, review: 0.5, stars: 0.5), .init(name: "a", onTime: 1, review: 1, stars: 1),
            .init(name: "b", onTime: 0.5, review: 0.5, stars: 0.5), .init(name: "d", onTime: 0.1, review: 0.1, stars: 0.1),
        ])
        #expect(ranked.map(\.entry.name) == ["a", "b", "c", "d"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
    }

    @Test func theFormulaNamesOutcomesOnly() {
        let formula = CommunityRanking().formula
        #expect(formula.contains("按期完成率×40%") && formula.contains("观摩得分率×30%") && formula.contains("星级楼组达标率×30%"))
        for banned in ["登录", "点击", "在线", "打卡"] { #expect(!formula.contains(banned)) }
    }

    @Test func weeksAreISOWeeks() {
        let week = Week(containing: CivilDate(year: 2026, month: 12, day: 3)!)
        #expect(week.description == "2026-W49" && week.monday == CivilDate(year: 2026, month: 11, day: 30)! && week.sunday == CivilDate(year: 2026, month: 12, day: 6)!)
        #expect(Week("2026-W49") == week && Week("2025-W53") == nil && Week("2026-W53") != nil)
        // 2027-01-01 is a Friday: it belongs to the last week of 2026.
        #expect(Week(containing: CivilDate(year: 2027, month: 1, day: 1)!).description == "2026-W53")
        #expect(Week(containing: CivilDate(year: 2027, month: 1, day: 4)!).description == "2027-W01")
    }

    @Test func aRubricIsTypedOneItemPerLine() throws {
        let rubric = try ReviewRubric.parse("项目进度:40\n党建引领：30\n\n居民参与:30").get()
        #expect(rubric.total == 100 && rubric.items.map(\.name) == ["项目进度", "党建引领", "居民参与"])
        #expect(throws: ReviewRubric.RubricProblem.self) { try ReviewRubric.parse("项目进度 40").get() }
        #expect(throws: ReviewRubric.RubricProblem.self) { try ReviewRubric.parse("a:1\na:2").get() }
        #expect(ReviewRubric.parse(ReviewRubric.standard.text) == .success(.standard))
    }
}
