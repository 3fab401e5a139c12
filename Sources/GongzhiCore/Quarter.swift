/// A calendar quarter (`2026Q4`): the period of a member's service record to their workplace.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int, number: Int

    public init?(year: Int, number: Int) {
        guard (2000...2100).contains(year), (1...4).contains(number) else { return nil }
        self.year = year; self.number = number
    }

    /// `2026Q4` (also `2026q4`, `2026-Q4`); nil for anything else, or a year outside 2000–2100.
    public init?(_ text: String) {
        let parts = text.uppercased().filter { $0 != "-" }.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 1, let year = Int(parts[0]), let number = Int(parts[1]) else { return nil }
        self.init(year: year, number: number)
    }

    /// The quarter a day falls in.
    public init(containing day: CivilDate) { year = day.year; number = (day.month - 1) / 3 + 1 }

    public var first: CivilDate { CivilDate(year: year, month: number * 3 - 2, day: 1)! }
    public var last: CivilDate {
        let month = number * 3
        return CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
    }
    public func contains(_ day: CivilDate) -> Bool { first <= day && day <= last }
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4) ?? self : Quarter(year: year, number: number - 1)! }

    public var description: String { "\(year)Q\(number)" }
    /// 2026年第四季度
    public var label: String { "\(year)年第\(["一", "二", "三", "四"][number - 1])季度" }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let q = Quarter(text) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "季度应为如2026Q4的格式")) }
        self = q
    }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}
