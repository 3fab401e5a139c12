/// The 12-digit statistical division code (统计用区划代码): 2 province, 2 city, 2 county,
/// 3 township, 3 village-level digits.
public struct DivisionCode: Hashable, Sendable, CustomStringConvertible {
    public enum Level: Sendable { case subdistrict, community }
    public let value: String
    public var description: String { value }

    public var countyPart: String { String(value.prefix(6)) }
    public var townshipPart: Int { Int(value.dropFirst(6).prefix(3))! }
    public var villagePart: Int { Int(value.suffix(3))! }

    /// Validates a code for a place of `level`: a subdistrict's township part is 001–099 and its village part 000;
    /// a community (residents' committee) has village part 001–199.
    public init(_ raw: String, level: Level) throws(DivisionCodeError) {
        let text = raw.trimmedSpaces
        guard text.utf8.count == 12, text.isASCIIDigits else { throw .notTwelveDigits }
        value = text
        guard Int(text.prefix(2))! >= 11 else { throw .unknownProvince }
        switch level {
        case .subdistrict:
            guard (1...99).contains(townshipPart) else { throw .townshipOutOfRange(townshipPart) }
            guard villagePart == 0 else { throw .subdistrictHasVillagePart }
        case .community:
            guard townshipPart > 0 else { throw .townshipOutOfRange(townshipPart) }
            guard (1...199).contains(villagePart) else { throw .communityOutOfRange(villagePart) }
        }
    }

    /// Whether `self` (a community) lies inside `subdistrict`.
    public func isInside(_ subdistrict: DivisionCode) -> Bool { value.prefix(9) == subdistrict.value.prefix(9) }
}

public enum DivisionCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case notTwelveDigits, unknownProvince, subdistrictHasVillagePart
    case townshipOutOfRange(Int), communityOutOfRange(Int)
    public var description: String {
        switch self {
        case .notTwelveDigits: "区划代码应为12位数字"
        case .unknownProvince: "区划代码前两位不是有效的省级代码"
        case .subdistrictHasVillagePart: "街道区划代码末三位应为000"
        case .townshipOutOfRange(let n): "街道区划代码第7–9位应为001–099，实际为\(n)"
        case .communityOutOfRange(let n): "社区（居委会）区划代码末三位应为001–199，实际为\(n)"
        }
    }
}

/// The 18-digit household code: 12-digit area code, 2-digit group, 4-digit household number.
public enum HouseholdCode {
    /// The rule, as every form and ledger says it.
    public static let rule = "户编号应为18位数字（12位社区区划代码 + 2位组号 + 4位户号）"
    public static func validate(_ raw: String) -> String? {
        let text = raw.trimmedSpaces
        guard text.utf8.count == 18, text.isASCIIDigits else { return nil }
        return text
    }
}
