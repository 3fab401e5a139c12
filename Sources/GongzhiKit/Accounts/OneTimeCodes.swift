@preconcurrency import Crypto
import Foundation
import GongzhiCore

/// Time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA1, 30-second steps, 6 digits), the kind every
/// authenticator app produces, and single-use recovery codes for a lost phone.
public enum OneTimeCodes {
    public static let step = 30
    public static let digits = 6

    /// The code for `secret` at time step `counter` (RFC 4226 section 5.3, dynamic truncation).
    public static func code(secret: [UInt8], counter: Int64, digits: Int = digits) -> String {
        var big = counter.bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    public static func counter(at date: Date) -> Int64 { Int64(floor(date.timeIntervalSince1970 / Double(step))) }

    /// The time step `code` belongs to, allowing one step of clock drift either way; nil when it matches none.
    /// A step at or before `lastUsed` is refused, so an observed code cannot be replayed.
    public static func matchingStep(_ code: String, secret: [UInt8], at date: Date, lastUsed: Int64?) -> Int64? {
        let typed = code.filter(\.isNumber)
        guard typed.count == digits else { return nil }
        let now = counter(at: date)
        for candidate in [now, now - 1, now + 1] where candidate > (lastUsed ?? -1) {
            if Self.code(secret: secret, counter: candidate).constantTimeEquals(typed) { return candidate }
        }
        return nil
    }

    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Ten recovery codes such as `7KQ4-M2XD`, easy to copy from paper.
    public static func newRecoveryCodes(count: Int = 10) -> [String] {
        (0..<count).map { _ in readable(8) }
    }

    /// A one-time sign-up code such as `7KQ4-M2XD-P9AC` (60 bits), typed from a printed slip.
    public static func signUpCode() -> String { readable(12) }

    /// `length` letters and digits that cannot be mistaken for one another on paper, in groups of four.
    static func readable(_ length: Int) -> String {
        let letters = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<length).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] }
        return stride(from: 0, to: length, by: 4).map { String(chars[$0..<min(length, $0 + 4)]) }.joined(separator: "-")
    }

    /// How a recovery code is stored: its SHA-256, normalised (case, spaces and the dash do not matter).
    public static func recoveryHash(_ code: String) -> String {
        let normal = code.uppercased().filter { $0.isLetter || $0.isNumber }
        return SHA256.hash(data: Data(normal.utf8)).hex
    }

    /// The `otpauth://` address an authenticator app reads (typed in or scanned).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String = "共治") -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParam)&digits=\(digits)&period=\(step)"
    }
}
