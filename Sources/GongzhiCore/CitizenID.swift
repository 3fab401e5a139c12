/// A citizen identity number under GB 11643-1999: 6 address digits, 8 birth-date digits,
/// 3 sequence digits (odd = male) and a MOD 11-2 check character.
public struct CitizenID: Hashable, Sendable {
    public let value: String

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    public init(_ raw: String) throws(CitizenIDError) {
        var text = raw.trimmedSpaces
        if text.utf8.last == UInt8(ascii: "x") { text = String(text.dropLast()) + "X" }
        // Read as bytes: an import checks 100,000 numbers, and Character-by-Character cost more than the rest of the row.
        let bytes = Array(text.utf8)
        guard bytes.count == 18 else { throw text.count == 18 ? .notDigits : .wrongLength(text.count) }
        let body = bytes[0..<17]
        guard body.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits }
        let birthText = String(decoding: bytes[6..<14], as: UTF8.self)
        guard let birth = CivilDate(yyyymmdd: birthText), birth.year >= 1900 else { throw .impossibleBirthDate(birthText) }
        let expected = Self.checkCharacter(for: body.map { Int($0 - 0x30) })
        guard bytes[17] == expected.asciiValue else { throw .wrongCheckCharacter(expected: expected) }
        value = text
    }

    /// The check character for the first 17 digits.
    public static func checkCharacter(for digits: [Int]) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    public var birthDate: CivilDate { CivilDate(yyyymmdd: String(value.dropFirst(6).prefix(8)))! }
    public var isMale: Bool { Array(value.utf8)[16] % 2 == 1 }
    public var addressCode: String { String(value.prefix(6)) }
    /// `410105********1234`: the form shown to everyone without an explicit need.
    public var masked: String { String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4)) }
}

public enum CitizenIDError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(Int)
    case notDigits
    case impossibleBirthDate(String)
    case wrongCheckCharacter(expected: Character)

    public var description: String {
        switch self {
        case .wrongLength(let n): "公民身份号码应为18位，实际为\(n)位"
        case .notDigits: "公民身份号码前17位应全为数字"
        case .impossibleBirthDate(let d): "公民身份号码中的出生日期\(d)不存在"
        case .wrongCheckCharacter(let c): "公民身份号码校验位错误（按GB 11643应为\(c)）"
        }
    }
}
