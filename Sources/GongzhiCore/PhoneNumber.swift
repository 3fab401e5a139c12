/// A mainland mobile (11 digits, starting 1) or fixed-line number; personal information under PIPL.
public struct PhoneNumber: Hashable, Sendable {
    public let value: String
    public init?(_ raw: String) {
        let text = raw.filter { !$0.isWhitespace && $0 != "-" }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let mobile = text.count == 11 && text.first == "1"
        let fixedWithArea = (10...12).contains(text.count) && text.first == "0"
        let local = (7...8).contains(text.count) && text.first != "0" && text.first != "1"
        guard mobile || fixedWithArea || local else { return nil }
        value = text
    }
    /// `138****5678`
    public var masked: String { String(value.prefix(3)) + String(repeating: "*", count: value.count - 7) + String(value.suffix(4)) }
}
