/// An ISO week (`2026-W49`, Monday to Sunday): the period of a community's weekly report (周汇报).
public struct Week: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Its Monday.
    public let monday: CivilDate

    /// The week a day falls in.
    public init(containing day: CivilDate) {
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
        let weekday = ((day.daysSince1970 % 7) + 7 + 3) % 7
        monday = day.adding(days: -weekday)
    }

    /// `2026-W49`; nil for anything else, a week number the year lacks, or a year outside 2000–2100.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (2000...2100).contains(year), parts[1].hasPrefix("W"),
              let number = Int(parts[1].dropFirst()), (1...53).contains(number) else { return nil }
        // Week 1 holds 4 January.
        let first = Week(containing: CivilDate(year: year, month: 1, day: 4)!)
        let week = Week(containing: first.monday.adding(days: (number - 1) * 7))
        guard week.year == year else { return nil }
        self = week
    }

    public var sunday: CivilDate { monday.adding(days: 6) }
    /// The ISO year: the year of its Thursday.
    public var year: Int { monday.adding(days: 3).year }
    public var number: Int { (monday.adding(days: 3).daysSince1970 - Week(containing: CivilDate(year: year, month: 1, day: 4)!).monday.daysSince1970) / 7 + 1 }
    public func contains(_ day: CivilDate) -> Bool { monday <= day && day <= sunday }
    public var previous: Week { Week(containing: monday.adding(days: -7)) }

    public var description: String { "\(year)-W\(number < 10 ? "0" : "")\(number)" }
    /// 2026年第49周（12月7日—12月13日）
    public var label: String { "\(year)年第\(number)周（\(monday.month)月\(monday.day)日—\(sunday.month)月\(sunday.day)日）" }
    public static func < (a: Week, b: Week) -> Bool { a.monday < b.monday }
}

/// The scoring sheet of a monthly review (月观摩): items with their full marks (*configurable*; the default below).
public struct ReviewRubric: Sendable, Equatable {
    public struct Item: Sendable, Equatable { public let name: String; public let points: Int
        public init(_ name: String, _ points: Int) { self.name = name; self.points = points } }
    public let items: [Item]
    public init(items: [Item]) { self.items = items }
    public var total: Int { items.reduce(0) { $0 + $1.points } }

    public static let standard = ReviewRubric(items: [.init("项目进度", 30), .init("党建引领", 25), .init("居民参与", 25), .init("长效管理", 20)])

    /// One item per line, `名称:分值` (a full-width colon too); nil with the line that is wrong.
    public static func parse(_ text: String) -> Result<ReviewRubric, RubricProblem> {
        var items: [Item] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.replacingOccurrences(of: "：", with: ":").split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 20, let points = Int(parts[1]), (1...100).contains(points) else {
                return .failure(RubricProblem(line: n + 1, text: String(line.prefix(30))))
            }
            items.append(Item(parts[0], points))
        }
        guard (1...12).contains(items.count), Set(items.map(\.name)).count == items.count else { return .failure(RubricProblem(line: 0, text: "")) }
        return .success(ReviewRubric(items: items))
    }
    public var text: String { items.map { "\($0.name):\($0.points)" }.joined(separator: "\n") }

    public struct RubricProblem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int, text: String
        public var description: String {
            line == 0 ? "评分表应有1至12项，名称不重复" : "第\(line)行“\(text)”应写成“项目名称:分值”，分值1至100"
        }
    }
}

/// 亮赛比: communities ranked by outcomes only — on-time completion of their tasks, their review scores, their star
/// building groups' pass rate — never by app use, clicks, check-ins or online time. Each measure is a share (0–1);
/// a community without any record of a measure is scored on the others, re-weighted, and says so.
public struct CommunityRanking: Sendable {
    public struct Weights: Sendable, Equatable {
        public let onTime: Double, review: Double, stars: Double
        public init(onTime: Double, review: Double, stars: Double) { self.onTime = onTime; self.review = review; self.stars = stars }
        public static let standard = Weights(onTime: 0.4, review: 0.3, stars: 0.3)
    }
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// Tasks done by their deadline ÷ tasks due (deadline passed) or done.
        public let onTime: Double?
        /// Mean review score ÷ full marks.
        public let review: Double?
        /// Star groups at the pass level ÷ all groups.
        public let stars: Double?
        public init(name: String, onTime: Double?, review: Double?, stars: Double?) { self.name = name; self.onTime = onTime; self.review = review; self.stars = stars }
    }
    public struct Ranked: Sendable, Equatable {
        public let entry: Entry
        /// 0–100, one decimal.
        public let score: Double
        public let rank: Int
    }

    public let weights: Weights
    public init(weights: Weights = .standard) { self.weights = weights }

    /// The score out of 100: the weighted mean of the measures the community has.
    public func score(_ e: Entry) -> Double {
        let parts = [(e.onTime, weights.onTime), (e.review, weights.review), (e.stars, weights.stars)].compactMap { v, w in v.map { ($0, w) } }
        let weight = parts.reduce(0) { $0 + $1.1 }
        guard weight > 0 else { return 0 }
        let value = parts.reduce(0) { $0 + $1.0 * $1.1 } / weight * 100
        return (value * 10).rounded() / 10
    }

    /// Highest score first; equal scores share a rank (1, 2, 2, 4), in name order.
    public func rank(_ entries: [Entry]) -> [Ranked] {
        let scored = entries.map { ($0, score($0)) }.sorted { ($0.1, $1.0.name) > ($1.1, $0.0.name) }
        var result: [Ranked] = []
        for (i, (entry, score)) in scored.enumerated() {
            let rank = i > 0 && result[i - 1].score == score ? result[i - 1].rank : i + 1
            result.append(Ranked(entry: entry, score: score, rank: rank))
        }
        return result
    }

    public var formula: String {
        "得分 = 按期完成率×\(Int(weights.onTime * 100))% + 观摩得分率×\(Int(weights.review * 100))% + 星级楼组达标率×\(Int(weights.stars * 100))%（某项暂无记录的，按其余各项的权重折算）"
    }
}
