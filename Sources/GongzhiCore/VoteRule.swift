/// How a matter of deliberation is decided (一征三议两公开, docs/GLOSSARY.md, "Deliberation"): which law, which
/// counts, which thresholds. Every threshold is a setting (`VoteThresholds`); a matter keeps the thresholds it was
/// opened under, so a later change of settings never changes a result already counted.
public enum VoteRule: String, Codable, Sendable, CaseIterable {
    /// 居民会议: Organic Law of Urban Residents' Committees, art. 9 (amended 2018).
    case residentsAssembly
    /// 绝大多数: the article's "large majority" of the households in scope.
    case largeMajority
    /// Civil Code art. 278 items 6–8: raising maintenance funds, rebuilding or renovating, changing the use of common
    /// parts or running a business on them.
    case ownersMajor
    /// Civil Code art. 278, every other matter (using maintenance funds included).
    case ownersOrdinary

    public var label: String {
        switch self {
        case .residentsAssembly: "居民会议表决"
        case .largeMajority: "户代表绝大多数同意"
        case .ownersMajor: "业主共同决定（重大事项）"
        case .ownersOrdinary: "业主共同决定（一般事项）"
        }
    }

    /// The law a resident can look the rule up in, as printed on the result page.
    public var law: String {
        switch self {
        case .residentsAssembly:
            "《中华人民共和国城市居民委员会组织法》第九条：居民会议须有全体十八周岁以上的居民、户的代表或者居民小组选举的代表的过半数出席，才能举行；会议的决定，由出席人的过半数通过。"
        case .largeMajority:
            "一征三议两公开：议事事项须经范围内绝大多数住户同意（默认不少于三分之二）。"
        case .ownersMajor:
            "《中华人民共和国民法典》第二百七十八条：应当由专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决；筹集建筑物及其附属设施的维修资金、改建重建、改变共有部分用途或者利用共有部分从事经营活动，应当经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意。"
        case .ownersOrdinary:
            "《中华人民共和国民法典》第二百七十八条：应当由专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决；其他事项应当经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意。"
        }
    }

    /// Whether votes are cast by owners with the exclusive area of their dwellings (Civil Code), not by households or residents.
    public var byOwners: Bool { self == .ownersMajor || self == .ownersOrdinary }

    public static func parse(_ text: String) -> VoteRule? { VoteRule(rawValue: text) ?? allCases.first { $0.label == text } }
}

/// Who attends a residents' assembly (Organic Law art. 9): the matter names its form.
public enum AssemblyForm: String, Codable, Sendable, CaseIterable {
    /// 每户派代表: one representative per household (the default).
    case households
    /// 全体十八周岁以上的居民.
    case adults
    /// 居民小组选举的代表 (2–3 per residents' group), chosen from the registry's residents.
    case representatives

    public var label: String {
        switch self { case .households: "每户派代表"; case .adults: "全体十八周岁以上居民"; case .representatives: "居民小组选举的代表" }
    }
    /// What one voter is called on the result page.
    public var voter: String { switch self { case .households: "户代表"; case .adults: "居民"; case .representatives: "代表" } }
}

/// A share a count must reach: `numerator/denominator`, reached at the share itself (以上, 不少于) or only above it (过半数).
public struct Threshold: Codable, Sendable, Equatable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int
    /// true: the share itself is enough (≥); false: more than the share is needed (>).
    public var inclusive: Bool

    public init(_ numerator: Int, _ denominator: Int, inclusive: Bool) {
        self.numerator = numerator; self.denominator = denominator; self.inclusive = inclusive
    }

    /// Exact integer arithmetic: `count / total` against the share, never rounded. Nothing reaches a share of nothing.
    public func isMet(_ count: Int, of total: Int) -> Bool {
        guard total > 0 else { return false }
        let left = count * denominator, right = numerator * total
        return inclusive ? left >= right : left > right
    }

    /// The least count that meets the share of `total`.
    public func needed(of total: Int) -> Int {
        guard total > 0 else { return 1 }
        let product = numerator * total
        if inclusive { return (product + denominator - 1) / denominator }
        return product / denominator + 1
    }

    /// "不少于2/3", "超过1/2".
    public var description: String {
        let share = numerator * 2 == denominator ? "半数" : "\(numerator)/\(denominator)"
        return inclusive ? "不少于\(share)" : "超过\(share)"
    }

    /// Reads "2/3", ">1/2" (strict), "≥3/4"; nil for anything else, or a share outside (0, 1].
    public static func parse(_ text: String) -> Threshold? {
        var body = Substring(text.trimmedSpaces)
        var inclusive = true
        if body.hasPrefix(">") { inclusive = false; body = body.dropFirst() } else if body.hasPrefix("≥") { body = body.dropFirst() }
        let parts = body.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), d > 0, d <= 100, n > 0, n <= d else { return nil }
        return Threshold(n, d, inclusive: inclusive)
    }

    /// The form `parse` reads.
    public var setting: String { (inclusive ? "" : ">") + "\(numerator)/\(denominator)" }

    /// Whether this threshold asks at least as much as `other`: a larger share, or the same share reached only above it.
    public func isAtLeast(_ other: Threshold) -> Bool {
        let mine = numerator * other.denominator, theirs = other.numerator * denominator
        return mine != theirs ? mine > theirs : (!inclusive || other.inclusive)
    }
}

/// The thresholds of every rule, as an administrator set them (defaults: the laws and the article).
public struct VoteThresholds: Codable, Sendable, Equatable {
    /// Residents' assembly: share of voters present (过半数出席).
    public var assemblyPresence = Threshold(1, 2, inclusive: false)
    /// Residents' assembly: share of those present in favour (出席人的过半数通过).
    public var assemblyApproval = Threshold(1, 2, inclusive: false)
    /// Large majority: share of the households in scope in favour.
    public var largeMajority = Threshold(2, 3, inclusive: true)
    /// Civil Code: share of owners and of area taking part.
    public var ownersParticipation = Threshold(2, 3, inclusive: true)
    /// Civil Code items 6–8: share of the participating owners and area in favour.
    public var ownersMajor = Threshold(3, 4, inclusive: true)
    /// Civil Code, other matters: share of the participating owners and area in favour.
    public var ownersOrdinary = Threshold(1, 2, inclusive: false)

    public init() {}
    public static let standard = VoteThresholds()

    /// Each threshold with its name and whether the law sets a floor under it (a setting may ask more than the law,
    /// never less; the large majority is the article's practice, kept above one half).
    public static var fields: [(key: WritableKeyPath<VoteThresholds, Threshold>, name: String, label: String, lawful: Bool)] { [
        (\.assemblyPresence, "assemblyPresence", "居民会议出席（占应出席）", true),
        (\.assemblyApproval, "assemblyApproval", "居民会议通过（占出席）", true),
        (\.largeMajority, "largeMajority", "绝大多数（占范围内住户）", false),
        (\.ownersParticipation, "ownersParticipation", "业主参与表决（人数和面积）", true),
        (\.ownersMajor, "ownersMajor", "重大事项同意（占参与表决）", true),
        (\.ownersOrdinary, "ownersOrdinary", "一般事项同意（占参与表决）", true),
    ] }

    /// Checks a setting of each threshold (`name` → "2/3", ">1/2"); the problems name the field.
    public static func parse(_ values: [String: String]) -> (VoteThresholds?, [(field: String, message: String)]) {
        var result = VoteThresholds.standard
        var problems: [(String, String)] = []
        for field in fields {
            let text = values[field.name] ?? ""
            guard let threshold = Threshold.parse(text) else { problems.append((field.name, "“\(text)”不是有效的比例，应写作2/3或>1/2（>表示超过）")); continue }
            let floor = field.lawful ? VoteThresholds.standard[keyPath: field.key] : Threshold(1, 2, inclusive: false)
            guard threshold.isAtLeast(floor) else { problems.append((field.name, "不能低于\(floor.description)（\(field.lawful ? "法律规定" : "绝大多数须超过半数")）")); continue }
            result[keyPath: field.key] = threshold
        }
        return problems.isEmpty ? (result, []) : (nil, problems)
    }
}

/// A count of voters and, for owners, the exclusive area they hold, in hundredths of a square metre (exact sums).
public struct VoteCount: Sendable, Equatable, Codable {
    public var heads: Int
    public var area: Int
    public init(heads: Int, area: Int = 0) { self.heads = heads; self.area = area }
    public static let zero = VoteCount(heads: 0)
    public static func + (a: VoteCount, b: VoteCount) -> VoteCount { VoteCount(heads: a.heads + b.heads, area: a.area + b.area) }
}

/// The counts of a vote: who could vote, who took part (in favour, against or abstaining), who was in favour.
public struct VoteTally: Sendable, Equatable {
    public var eligible: VoteCount
    public var participated: VoteCount
    public var inFavour: VoteCount
    public init(eligible: VoteCount, participated: VoteCount, inFavour: VoteCount) {
        self.eligible = eligible; self.participated = participated; self.inFavour = inFavour
    }
}

/// One condition of a rule, with its arithmetic: "参与表决的业主人数 80 / 120，须不少于2/3（80），已达到".
public struct VoteCondition: Sendable, Equatable, Codable {
    public let label: String
    public let count: Int
    public let total: Int
    public let threshold: String
    /// The least count that meets the threshold.
    public let needed: Int
    public let met: Bool
    /// Whether the counts are areas in hundredths of a square metre.
    public let isArea: Bool
}

extension VoteCondition {
    /// `count/total` as a percentage with one decimal ("66.7%"), rounded down so that a share just short of a
    /// threshold never reads as reaching it; "—" of nothing.
    public static func share(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "—" }
        let tenths = count * 1000 / total
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

/// What a vote decided: passed only when every condition is met.
public struct VoteOutcome: Sendable, Equatable {
    public let rule: VoteRule
    public let conditions: [VoteCondition]
    public var passed: Bool { !conditions.isEmpty && conditions.allSatisfy(\.met) }
}

extension VoteRule {
    /// Counts `tally` against the rule's thresholds; `form` names the voters of a residents' assembly.
    public func outcome(_ tally: VoteTally, thresholds: VoteThresholds, form: AssemblyForm = .households) -> VoteOutcome {
        func condition(_ label: String, _ count: Int, _ total: Int, _ threshold: Threshold, area: Bool = false) -> VoteCondition {
            VoteCondition(label: label, count: count, total: total, threshold: threshold.description, needed: threshold.needed(of: total),
                          met: threshold.isMet(count, of: total), isArea: area)
        }
        switch self {
        case .residentsAssembly:
            return VoteOutcome(rule: self, conditions: [
                condition("出席的\(form.voter)", tally.participated.heads, tally.eligible.heads, thresholds.assemblyPresence),
                condition("同意的出席\(form.voter)", tally.inFavour.heads, tally.participated.heads, thresholds.assemblyApproval),
            ])
        case .largeMajority:
            return VoteOutcome(rule: self, conditions: [
                condition("同意的住户", tally.inFavour.heads, tally.eligible.heads, thresholds.largeMajority),
            ])
        case .ownersMajor, .ownersOrdinary:
            let approval = self == .ownersMajor ? thresholds.ownersMajor : thresholds.ownersOrdinary
            return VoteOutcome(rule: self, conditions: [
                condition("参与表决的业主人数", tally.participated.heads, tally.eligible.heads, thresholds.ownersParticipation),
                condition("参与表决业主的专有部分面积", tally.participated.area, tally.eligible.area, thresholds.ownersParticipation, area: true),
                condition("同意的业主人数（占参与表决）", tally.inFavour.heads, tally.participated.heads, approval),
                condition("同意业主的专有部分面积（占参与表决）", tally.inFavour.area, tally.participated.area, approval, area: true),
            ])
        }
    }
}
