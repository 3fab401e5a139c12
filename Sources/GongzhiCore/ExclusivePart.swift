/// A dwelling as the Civil Code counts it (专有部分): its exclusive area and who owns it. Owners are counted as the Supreme
/// People's Court's interpretation on building ownership (art. 9) counts them: one exclusive part counts one owner, but
/// one buyer of several parts counts once, and the parts the developer has not sold (or not handed over) count once together.
public struct ExclusivePart: Sendable, Equatable {
    public let dwellingID: Int
    /// Hundredths of a square metre.
    public let area: Int
    /// Who owns it, as a stable key (the owner's ID-number hash, or their name where no number is known); nil: not yet sold.
    public let owner: String?

    public init(dwellingID: Int, area: Int, owner: String?) { self.dwellingID = dwellingID; self.area = area; self.owner = owner }

    /// The key under which an owner votes: one per buyer, one for every unsold part together.
    public var voterKey: String { owner.map { "owner:" + $0 } ?? "unsold" }

    /// The owners of `parts` (heads as counted above) and their whole area.
    public static func count(_ parts: [ExclusivePart]) -> VoteCount {
        VoteCount(heads: Set(parts.map(\.voterKey)).count, area: parts.reduce(0) { $0 + $1.area })
    }

    /// Parts grouped by the owner who votes for them.
    public static func byVoter(_ parts: [ExclusivePart]) -> [String: VoteCount] {
        parts.reduce(into: [:]) { result, part in result[part.voterKey, default: .zero] = result[part.voterKey, default: .zero] + VoteCount(heads: 1, area: part.area) }
            .mapValues { VoteCount(heads: 1, area: $0.area) }
    }
}

/// Square metres as the registry types them ("85.5"), in exact hundredths.
public enum SquareMetres {
    public static func hundredths(_ metres: Double) -> Int { Int((metres * 100).rounded()) }
    /// "8,550.25㎡" without grouping: "8550.25".
    public static func text(_ hundredths: Int) -> String {
        let whole = hundredths / 100, part = hundredths % 100
        return part == 0 ? "\(whole)" : part % 10 == 0 ? "\(whole).\(part / 10)" : "\(whole).\(part < 10 ? "0" : "")\(part)"
    }
}
