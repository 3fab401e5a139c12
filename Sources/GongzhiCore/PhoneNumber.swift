/// A mainland mobile (11 digits, starting 1) or fixed-line number; personal information under PIPL.
public struct PhoneNumber: Hashable, Sendable {
    public let value: String
    public init?(_ raw: String) {
        // Scalar by scalar: spaces and hyphens dropped, anything but an ASCII digit refused.
        var digits = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !scalar.isWhiteSpace && scalar != "-" {
            guard ("0"..."9").contains(scalar) else { return nil }
            digits.append(scalar)
        }
        let text = String(digits)
        let mobile = text.count == 11 && text.first == "1"
        let fixedWithArea = (10...12).contains(text.count) && text.first == "0"
        let local = (7...8).contains(text.count) && text.first != "0" && text.first != "1"
        guard mobile || fixedWithArea || local else { return nil }
        value = text
    }
    /// `138****5678`
    public var masked: String { String(value.prefix(3)) + String(repeating: "*", count: value.count - 7) + String(value.suffix(4)) }
}
