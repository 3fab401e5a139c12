import Foundation
import Testing
@testable import GongzhiKit

/// Audit times and date filters read in Beijing time (UTC+8).
struct BeijingTimeTests {
    @Test func formatsInBeijingTime() {
        #expect(BeijingTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 08:00:00")
        #expect(BeijingTime.format(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15 16:00:00")
    }

    @Test(arguments: [("2026-11-27", 1_795_708_800.0 as Double?), ("2024-02-29", 1_709_136_000), ("2023-02-29", nil), ("2021-13-01", nil),
                      ("2026-1-5", nil), ("昨天", nil)] as [(String, Double?)])
    func daysStartAtBeijingMidnight(text: String, seconds: Double?) {
        #expect(BeijingTime.startOfDay(text)?.timeIntervalSince1970 == seconds)
    }
}
