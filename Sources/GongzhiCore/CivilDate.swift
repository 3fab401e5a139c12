import Foundation

/// A calendar date without time zone, as printed on identity documents.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYYMMDD` or `YYYY-MM-DD`.
    public init?(yyyymmdd text: String) {
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for byte in text.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: "/") {
            guard byte >= 0x30 && byte <= 0x39, digits.count < 8 else { return nil }
            digits.append(Int(byte - 0x30))
        }
        guard digits.count == 8 else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }

    /// A date as office workers type it in Excel or WPS: `1980-03-12`, `1980-3-12`, `1980/3/12`, `1980.3.12`,
    /// `1980年3月12日` or `19800312`, with full-width digits too.
    public init?(typed raw: String) {
        let text = raw.utf8.allSatisfy({ $0 < 0x80 }) ? raw.trimmedSpaces : raw.halfWidth.trimmingSpacesAndDay
        if text.utf8.count == 8, text.isASCIIDigits { self.init(yyyymmdd: text); return }
        var parts: [Int] = [], current = 0, digits = 0
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                guard digits < 4 else { return nil }
                current = current * 10 + Int(scalar.value - 0x30); digits += 1
            } else {
                guard digits > 0, parts.count < 2 else { return nil }
                parts.append(current); current = 0; digits = 0
            }
        }
        guard digits > 0, parts.count == 2 else { return nil }
        parts.append(current)
        let separators = Set(text.unicodeScalars.filter { !("0"..."9").contains($0) })
        guard separators.isSubset(of: ["-", "/", ".", "年", "月"]), parts[0] >= 1000 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// The founding of the Communist Party of China: no one joined before it.
    public static let partyFounding = CivilDate(year: 1921, month: 7, day: 1)!

    /// What is wrong with a date of joining the Party typed as `text`, or nil: a real date from 1921-07-01 to today.
    public static func joiningProblem(_ text: String, today: CivilDate = .todayInBeijing) -> String? {
        guard let date = CivilDate(typed: text) else { return "入党日期“\(text)”不是有效日期（如1985-07-01）" }
        guard date >= partyFounding, date <= today else { return "入党日期\(date)应在1921-07-01到今天之间" }
        return nil
    }

    /// Today in Beijing (UTC+8), the day against which dates people type are checked.
    public static var todayInBeijing: CivilDate {
        CivilDate(daysSince1970: Int(((Date().timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
    }

    /// The date `days` after 1970-01-01 (H. Hinnant's civil-from-days).
    public init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0); month = m; day = d
    }

    /// Days from 1970-01-01 to this date (H. Hinnant's days-from-civil).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The same day `years` later (earlier when negative); 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CivilDate {
        CivilDate(year: year + years, month: month, day: Swift.min(day, CivilDate.daysIn(month: month, year: year + years)))!
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(daysSince1970: daysSince1970 + days) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// 2026年12月3日, as a letter is dated.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Whole years of age on `date`.
    public func age(on date: CivilDate) -> Int {
        date.year - year - ((date.month, date.day) < (month, day) ? 1 : 0)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(typed: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "日期应写作YYYY-MM-DD，如1980-03-12"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(description)
    }
}
