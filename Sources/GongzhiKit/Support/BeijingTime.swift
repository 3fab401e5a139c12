import Foundation
import GongzhiCore

/// Times as users read them: Beijing time (UTC+8, no daylight saving). A fixed-zone calendar instead of a
/// DateFormatter per call: the audit export formats one time per entry, up to 100,000 of them.
public enum BeijingTime {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return c
    }()

    /// `2026-11-27 21:03:05`. Beijing keeps no daylight saving, so this is arithmetic, not a calendar: a page that
    /// lists a thousand ballots formats a thousand times.
    public static func format(_ date: Date) -> String { format(seconds: Int(date.timeIntervalSince1970.rounded(.down))) }

    /// `2026-11-27 21:03:05` for a time stored as seconds since 1970.
    public static func format(seconds: Int) -> String {
        let local = seconds + 8 * 3600
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let rest = local - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(CivilDate(daysSince1970: days)) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    }

    /// The calendar day in Beijing at `date`: what "today" means for a date a user types.
    public static func day(of date: Date) -> CivilDate {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return CivilDate(daysSince1970: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Seconds since 1970 at the start of a Beijing day.
    public static func midnight(_ day: CivilDate) -> Int { day.daysSince1970 * 86_400 - 8 * 3600 }

    /// The start of a `YYYY-MM-DD` day; nil for anything else (an impossible date included).
    public static func startOfDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10,
              let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: parts[0], month: parts[1], day: parts[2])
        else { return nil }
        return date
    }
}
