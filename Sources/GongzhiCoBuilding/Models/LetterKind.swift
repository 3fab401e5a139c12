import GongzhiCore

/// 一书一函一信.
enum LetterKind: String, Labelled {
    case proposal, letter, thanks
    var label: String { switch self { case .proposal: "倡议书"; case .letter: "联系函"; case .thanks: "感谢信" } }
    /// Whether the letter goes to one unit (a 函 or a thank-you) rather than to every member unit.
    var toOneUnit: Bool { self != .proposal }
}
