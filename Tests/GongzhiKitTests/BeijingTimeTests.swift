import Foundation
import Testing
@testable import GongzhiKit

/// Audit times and date filters read in Beijing time (UTC+8).
struct BeijingTimeTests {
    @Test func formatsInBeijingTime() {
        #expect(BeijingTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 08:00:00")
        #expect(BeijingTime.format(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15 16:00:00")
        // Before 1970 and across the Beijing midnight, as the calendar says.
        #expect(BeijingTime.format(seconds: -1) == "1970-01-01 07:59:59")
        #expect(BeijingTime.format(seconds: -8 * 3600 - 1) == "1969-12-31 23:59:59")
        #expect(BeijingTime.format(seconds: 1_709_222_399) == "2024-02-29 23:59:59")
        #expect(BeijingTime.day(of: Date(timeIntervalSince1970: 1_709_222_400)).description == "2024-03-01")
        for seconds in stride(from: -2_000_000_000, through: 4_000_000_000, by: 86_399 * 37) {
            let c = BeijingTime.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(BeijingTime.format(seconds: seconds) == String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!))
        }
    }

    @Test(arguments: [("2026-11-27", 1_795_708_800.0 as Double?), ("2024-02-29", 1_709_136_000), ("2023-02-29", nil), ("2021-13-01", nil),
                      ("2026-1-5", nil), ("昨天", nil)] as [(String, Double?)])
    func daysStartAtBeijingMidnight(text: String, seconds: Double?) {
        #expect(BeijingTime.startOfDay(text)?.timeIntervalSince1970 == seconds)
    }
}
