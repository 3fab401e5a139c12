import Foundation
import Testing
@testable import GongzhiKit

/// RFC 6238 Appendix B (SHA-1 secret "12345678901234567890") and RFC 4226 Appendix D.
struct OneTimeCodesTests {
    static let secret = Array("12345678901234567890".utf8)

    @Test(arguments: [(59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
                      (2_000_000_000, "69279037"), (20_000_000_000, "65353130")] as [(Int, String)])
    func rfc6238(time: Int, code: String) {
        let counter = OneTimeCodes.counter(at: Date(timeIntervalSince1970: Double(time)))
        #expect(OneTimeCodes.code(secret: Self.secret, counter: counter, digits: 8) == code)
    }

    @Test(arguments: [(0, "755224"), (1, "287082"), (9, "520489")] as [(Int64, String)])
    func rfc4226(counter: Int64, code: String) { #expect(OneTimeCodes.code(secret: Self.secret, counter: counter) == code) }

    @Test func oneStepOfDriftAndNoReplay() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let counter = OneTimeCodes.counter(at: now)
        let previous = OneTimeCodes.code(secret: Self.secret, counter: counter - 1)
        #expect(OneTimeCodes.matchingStep(previous, secret: Self.secret, at: now, lastUsed: nil) == counter - 1)
        #expect(OneTimeCodes.matchingStep(previous, secret: Self.secret, at: now, lastUsed: counter - 1) == nil, "a used code is refused")
        let old = OneTimeCodes.code(secret: Self.secret, counter: counter - 3)
        #expect(OneTimeCodes.matchingStep(old, secret: Self.secret, at: now, lastUsed: nil) == nil)
        #expect(OneTimeCodes.matchingStep("12345", secret: Self.secret, at: now, lastUsed: nil) == nil)
    }

    @Test func recoveryCodesIgnoreCaseAndDash() {
        let code = OneTimeCodes.newRecoveryCodes(count: 1)[0]
        #expect(code.count == 9 && code.contains("-"))
        #expect(OneTimeCodes.recoveryHash(code) == OneTimeCodes.recoveryHash(code.lowercased().replacingOccurrences(of: "-", with: " ")))
    }
}
