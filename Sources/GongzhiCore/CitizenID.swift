/// A citizen identity number under GB 11643-1999: 6 address digits, 8 birth-date digits,
/// 3 sequence digits (odd = male) and a MOD 11-2 check character.
public struct CitizenID: Hashable, Sendable {
    public let value: String

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// The first two digits that GB/T 2260 gives a province (11–65), Taiwan (71), the residence permits of
    /// Hong Kong, Macao and Taiwan residents (81, 82, 83); a leading 9 is the foreigners' permanent residence
    /// ID card issued since 2023.
    static let provinces: Set<Int> = Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                                          50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83] + Array(90...99))

    /// Parses a number as typed or pasted: spaces at either end, a lower-case `x`, and full-width digits and `Ｘ` (typed
    /// with a Chinese input method) are accepted. A birth date after `today` is refused.
    public init(_ raw: String, today: CivilDate = .todayInBeijing) throws(CitizenIDError) {
        var text = raw.trimmedSpaces
        if !text.utf8.allSatisfy({ $0 < 0x80 }) { text = text.halfWidth.trimmedSpaces }
        if text.utf8.last == UInt8(ascii: "x") { text = String(text.dropLast()) + "X" }
        // Read as bytes: an import checks 100,000 numbers, and Character-by-Character cost more than the rest of the row.
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: "E")) || bytes.contains(UInt8(ascii: "e")), Double(text) != nil { throw .storedAsNumber }
        guard bytes.count == 18 else { throw text.count == 18 ? .notDigits : .wrongLength(text.count) }
        let body = bytes[0..<17]
        guard body.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits }
        let province = Int(bytes[0] - 0x30) * 10 + Int(bytes[1] - 0x30)
        guard Self.provinces.contains(province) else { throw .unknownRegion(String(decoding: bytes[0..<6], as: UTF8.self)) }
        let birthText = String(decoding: bytes[6..<14], as: UTF8.self)
        guard let birth = CivilDate(yyyymmdd: birthText) else { throw .impossibleBirthDate(birthText) }
        guard birth.year >= 1900 else { throw .birthBefore1900(birthText) }
        guard birth <= today else { throw .birthInFuture(birthText) }
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
    case unknownRegion(String)
    case impossibleBirthDate(String)
    case birthBefore1900(String)
    case birthInFuture(String)
    case wrongCheckCharacter(expected: Character)
    /// Excel turned the number into a floating-point number (`4.10105E+17`): its last digits are lost.
    case storedAsNumber

    public var description: String {
        switch self {
        case .wrongLength(let n): "公民身份号码应为18位，实际为\(n)位"
        case .notDigits: "公民身份号码前17位应全为数字，第18位为数字或X"
        case .unknownRegion(let code): "公民身份号码前6位“\(code)”不是有效的地址码（前两位应为省级代码，如41河南）"
        case .impossibleBirthDate(let d): "公民身份号码中的出生日期\(d)不存在"
        case .birthBefore1900(let d): "公民身份号码中的出生日期\(d)早于1900年，不是有效的出生日期"
        case .birthInFuture(let d): "公民身份号码中的出生日期\(d)晚于今天"
        case .wrongCheckCharacter(let c): "公民身份号码校验位错误（按GB 11643应为\(c)）"
        case .storedAsNumber: "公民身份号码被Excel存成了数字（如4.10105E+17），后几位已丢失，无法恢复：请把该列设为“文本”格式后重新输入号码"
        }
    }
}
