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

    /// `2026-11-27 21:03:05`
    public static func format(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// `2026-11-27 21:03:05` for a time stored as seconds since 1970.
    public static func format(seconds: Int) -> String { format(Date(timeIntervalSince1970: Double(seconds))) }

    /// The calendar day in Beijing at `date`: what "today" means for a date a user types.
    public static func day(of date: Date) -> CivilDate {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }

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
