import GongzhiCore

/// A date typed in a form, checked one way everywhere: required or not, within a range named by what bounds it
/// ("不能晚于今天", "应在专项行动期间（2026-03-01 至 2026-12-31）内").
public struct DateRule: Sendable {
    public let label: String
    public let required: Bool
    public var earliest: (CivilDate, String)?
    public var latest: (CivilDate, String)?

    public init(_ label: String, required: Bool = true) { self.label = label; self.required = required }

    /// The same rule with a first allowed day, described as `what` ("专项行动开始（2026-03-01）").
    public func notBefore(_ day: CivilDate?, _ what: String) -> DateRule { var r = self; r.earliest = day.map { ($0, what) }; return r }
    /// The same rule with a last allowed day, described as `what` ("今天").
    public func notAfter(_ day: CivilDate?, _ what: String) -> DateRule { var r = self; r.latest = day.map { ($0, what) }; return r }

    /// The date, or nil with the problem added beside `field` (nil without a problem when an optional date is empty).
    public func check(_ raw: String, field: String, into problems: inout [FieldProblem]) -> CivilDate? {
        let text = raw.trimmedSpaces
        if text.isEmpty {
            if required { problems.append(FieldProblem(field, "请填写\(label)，如2026-12-05")) }
            return nil
        }
        guard let day = CivilDate(typed: text) else {
            problems.append(FieldProblem(field, "\(label)“\(text.prefix(20))”不是有效日期，请写成如2026-12-05")); return nil
        }
        if let (first, what) = earliest, day < first { problems.append(FieldProblem(field, "\(label)不能早于\(what)")); return nil }
        if let (last, what) = latest, last < day { problems.append(FieldProblem(field, "\(label)不能晚于\(what)")); return nil }
        return day
    }
}
