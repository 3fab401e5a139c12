/// Numbers typed into a form or sent in a request, parsed into the range the field allows, so that no arithmetic
/// on them can overflow (Swift stops the whole server on overflow) and no absurd value is stored.
public enum Bounded {
    /// What is wrong with a number, naming the field and what it should be.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The largest record id accepted from a request: 2^53 − 1, exact in JSON numbers too.
    public static let maxID = 9_007_199_254_740_991

    /// A record id chosen in a form (a select list's value): nil for anything but a whole number from 1 to `maxID`,
    /// which the form then names as "please choose".
    public static func id(_ raw: String?) -> Int? {
        guard let raw else { return nil }
        return try? int(raw, in: 1...maxID, label: "编号")
    }

    /// A whole number in `range`: ASCII or full-width digits, an optional sign; spaces at either end are allowed.
    public static func int(_ raw: String, in range: ClosedRange<Int>, label: String) throws(Problem) -> Int {
        let text = raw.halfWidth.trimmedSpaces
        let expected = "\(label)应为\(range.lowerBound)到\(range.upperBound)之间的整数"
        guard text.utf8.count <= 20, let value = Int(text) else {
            throw Problem(description: text.isEmpty ? "请填写\(label)" : "\(expected)，收到“\(text.prefix(20))”")
        }
        guard range.contains(value) else { throw Problem(description: "\(expected)，收到\(value)") }
        return value
    }

    /// A decimal number in `range` with at most `places` digits after the point (no exponent, infinity or NaN).
    public static func decimal(_ raw: String, in range: ClosedRange<Double>, places: Int = 2, label: String) throws(Problem) -> Double {
        let text = raw.halfWidth.trimmedSpaces
        let bounds = "\(label)应为\(Self.plain(range.lowerBound))到\(Self.plain(range.upperBound))之间的数"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digitsOnly = parts.count <= 2 && parts.enumerated().allSatisfy { i, p in
            let body = i == 0 && p.first == "-" ? p.dropFirst() : p[...]
            return !body.isEmpty && body.utf8.count <= 15 && body.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard digitsOnly, let value = Double(text), value.isFinite else {
            throw Problem(description: text.isEmpty ? "请填写\(label)" : "\(bounds)，收到“\(text.prefix(20))”")
        }
        guard parts.count < 2 || parts[1].count <= places else { throw Problem(description: "\(label)最多保留\(places)位小数") }
        guard range.contains(value) else { throw Problem(description: "\(bounds)，收到\(text)") }
        return value
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
