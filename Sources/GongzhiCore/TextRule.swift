/// Free text as it may be stored: no control characters (a NUL cut a stored name at a later unrelated write), no
/// broken characters, and at most a field's length. Forms, the API and the imports check text with these rules.
public struct TextRule: Sendable {
    public let label: String
    public let maxLength: Int
    public let required: Bool
    /// Line breaks are kept in notes and minutes; everywhere else they are refused like other control characters.
    public let multiline: Bool

    public init(_ label: String, max: Int, required: Bool = false, multiline: Bool = false) {
        self.label = label; maxLength = max; self.required = required; self.multiline = multiline
    }

    public static func personName(_ label: String = "姓名", required: Bool = true) -> TextRule { .init(label, max: 40, required: required) }
    public static func title(_ label: String = "名称", required: Bool = true) -> TextRule { .init(label, max: 60, required: required) }
    public static func address(_ label: String = "地址") -> TextRule { .init(label, max: 100) }
    public static let relation = TextRule("与户主关系", max: 10)
    public static func note(_ label: String, max: Int = 2000, required: Bool = false) -> TextRule { .init(label, max: max, required: required, multiline: true) }

    /// The text trimmed of spaces at either end, or the message that names what is wrong.
    public func check(_ raw: String) -> Result<String, Problem> {
        if let problem = Self.unprintable(raw, multiline: multiline) { return .failure(Problem(description: "\(label)\(problem)")) }
        let text = raw.trimmedForStorage
        if text.isEmpty && required { return .failure(Problem(description: "请填写\(label)")) }
        if text.count > maxLength { return .failure(Problem(description: "\(label)最多\(maxLength)字，现有\(text.count)字")) }
        return .success(text)
    }

    /// The checked text, or throws the problem.
    public func value(_ raw: String) throws(Problem) -> String { try check(raw).get() }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// What makes text unfit to store, or nil: control characters (NUL among them), and the replacement character
    /// that invalid UTF-8 leaves behind.
    public static func unprintable(_ text: String, multiline: Bool = false) -> String? {
        // Nearly all text is clean: one pass over the bytes (an import checks 1.5 million cells) before any scalar is read.
        // Control characters are single bytes below 0x20 or 0x7F; C1 controls are C2 80–9F; U+FFFD is EF BF BD.
        var suspicious = false, previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) || (previous == 0xBF && byte == 0xBD) {
                suspicious = true; break
            }
            previous = byte
        }
        guard suspicious else { return nil }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0xFFFD { return "含有无法识别的字符（文件或输入的编码不是UTF-8），请重新输入" }
            if v < 0x20 || (0x7F...0x9F).contains(v) {
                if multiline && (v == 0x0A || v == 0x0D || v == 0x09) { continue }
                if !multiline && v == 0x09 { continue }
                if v == 0x0A || v == 0x0D { return "含有换行，请改为一行" }
                return "含有不可见的控制字符（如U+\(String(v, radix: 16, uppercase: true).leftPadded(4))），请删除后重新输入"
            }
        }
        return nil
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }

    /// Without spaces, tabs, line breaks and ideographic spaces at either end.
    public var trimmedForStorage: String {
        let scalars = unicodeScalars
        func trimmed(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{3000}" }
        guard let start = scalars.firstIndex(where: { !trimmed($0) }), let end = scalars.lastIndex(where: { !trimmed($0) }) else { return "" }
        return String(scalars[start...end])
    }
}

extension Result {
    /// The error, or nil on success.
    public var failure: Failure? { if case .failure(let e) = self { e } else { nil } }
}
