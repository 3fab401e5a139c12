extension String {
    /// Without spaces and tabs at either end. Most input has none, and then no new string is made
    /// (Foundation's trimming builds one every time, which bulk imports of 100,000 rows feel).
    public var trimmedSpaces: String {
        let utf8 = self.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return self }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }

    /// Whether every character is one of the ASCII digits 0–9.
    public var isASCIIDigits: Bool { !isEmpty && utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// Whether the text holds `byte` (an ASCII character such as `*` of a masked number), without Foundation's substring search.
    public func contains(ascii byte: Unicode.Scalar) -> Bool { utf8.contains(UInt8(ascii: byte)) }
}

extension String {
    /// Full-width ASCII (`１２３Ｘ`, typed with a Chinese input method) as ASCII, and the ideographic space as a space.
    public var halfWidth: String {
        var scalars = String.UnicodeScalarView()
        for s in unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(s)
            }
        }
        return String(scalars)
    }
}

extension String {
    /// Without spaces at either end and a trailing 日 of a typed date (`1980年3月12日`).
    var trimmingSpacesAndDay: String {
        var text = trimmedSpaces
        if text.hasSuffix("日") { text.removeLast() }
        return text
    }
}

extension String {
    /// A person's name as an export shows it to those without the need to know it: the first character, then one
    /// `*` for each other ("张*", "欧阳**" → "欧**"). A unit's or a placeholder's name is masked alike.
    public var maskedName: String {
        guard let first = first else { return "" }
        return String(first) + String(repeating: "*", count: count - 1)
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property, decided by the scalar's value: the property tables cost a lookup per scalar,
    /// and a ledger asks it of every cell.
    public var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
