import Foundation

/// A forward-only reader of the two large parts of an .xlsx file, the worksheet and the shared strings.
/// FoundationXML's `XMLParser` builds a String and an attribute dictionary for every element and kept an
/// import of 100,000 rows on one core for five seconds; this walks the bytes once and allocates only the
/// cell texts. It understands what SpreadsheetML writers produce (namespace prefixes, self-closing
/// elements, entity and character references, CDATA, comments, rich-text runs, phonetic guides) and
/// reports anything unterminated as malformed instead of guessing.
enum SpreadsheetScanner {
    struct Malformed: Error {}

    /// The rows of a worksheet (or a piece of one holding whole rows).
    static func rows(_ data: Data, shared: [String]) throws(Malformed) -> [SheetRow] {
        var rows: [SheetRow] = []
        var rowNumber = 0, column = -1, cells: [Int: String] = [:]
        var type: Name = .other, text = "", collecting = false, inCell = false
        try scan(data) { event in
            switch event {
            case .start(let name, let attributes):
                switch name {
                case .row:
                    rowNumber = attributes.r.flatMap { Int($0) } ?? rowNumber + 1
                    cells = [:]; column = -1
                case .c:
                    column = attributes.r.flatMap(XLSXReader.column(of:)) ?? column + 1
                    type = attributes.t; text = ""; inCell = true
                case .v, .t: collecting = inCell
                default: break
                }
            case .text(let piece): if collecting { text += piece }
            case .end(let name):
                switch name {
                case .v, .t: collecting = false
                case .c:
                    inCell = false
                    let value: String
                    switch type {
                    case .s: value = Int(text).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
                    case .b: value = text == "1" ? "TRUE" : "FALSE"
                    default: value = text
                    }
                    if !value.isEmpty { cells[column] = value }
                case .row: rows.append(SheetRow(number: rowNumber, cells: cells))
                default: break
                }
            }
        }
        return rows
    }

    /// The shared strings table: each `<si>` is one string, its runs joined, phonetic guides left out.
    static func sharedStrings(_ data: Data) throws(Malformed) -> [String] {
        var strings: [String] = []
        var current = "", collecting = false, inPhonetic = false
        try scan(data) { event in
            switch event {
            case .start(let name, _):
                switch name {
                case .si: current = ""
                case .rPh: inPhonetic = true
                case .t: collecting = !inPhonetic
                default: break
                }
            case .text(let piece): if collecting { current += piece }
            case .end(let name):
                switch name {
                case .t: collecting = false
                case .rPh: inPhonetic = false
                case .si: strings.append(current)
                default: break
                }
            }
        }
        return strings
    }

    // MARK: - The scanner

    /// The element names the readers act on; every other element is `.other`. Also used for the cell type
    /// attribute (`t="s"`, `t="b"`), whose values are short names too.
    enum Name { case row, c, v, t, si, rPh, s, b, other }
    struct Attributes { var r: String?; var t: Name = .other }
    /// A self-closing element gives its start and its end.
    enum Event { case start(Name, Attributes), text(String), end(Name) }

    static func scan(_ data: Data, _ handle: (Event) -> Void) throws(Malformed) {
        let ok: Bool = data.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var i = 0
            while i < n {
                // Text up to the next tag.
                var j = i
                while j < n && b[j] != UInt8(ascii: "<") { j += 1 }
                if j > i { if let text = decodeText(b, i, j) { handle(.text(text)) } else { return false } }
                if j >= n { return true }
                i = j + 1
                guard i < n else { return false }
                switch b[i] {
                case UInt8(ascii: "?"):  // processing instruction
                    guard let end = find(b, from: i, "?>") else { return false }
                    i = end + 2
                case UInt8(ascii: "!"):
                    if starts(b, at: i, "!--") {
                        guard let end = find(b, from: i + 3, "-->") else { return false }
                        i = end + 3
                    } else if starts(b, at: i, "![CDATA[") {
                        guard let end = find(b, from: i + 8, "]]>") else { return false }
                        handle(.text(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 8)..<end]), as: UTF8.self)))
                        i = end + 3
                    } else {  // a declaration such as DOCTYPE
                        guard let end = find(b, from: i, ">") else { return false }
                        i = end + 1
                    }
                case UInt8(ascii: "/"):
                    let (name, after) = readName(b, from: i + 1)
                    guard let close = find(b, from: after, ">") else { return false }
                    handle(.end(name))
                    i = close + 1
                default:
                    let (element, after) = readName(b, from: i)
                    guard after > i else { return false }
                    var attributes = Attributes()
                    var k = after
                    var selfClosing = false
                    while true {
                        while k < n && isSpace(b[k]) { k += 1 }
                        guard k < n else { return false }
                        if b[k] == UInt8(ascii: ">") { k += 1; break }
                        if b[k] == UInt8(ascii: "/") {
                            guard k + 1 < n, b[k + 1] == UInt8(ascii: ">") else { return false }
                            selfClosing = true; k += 2; break
                        }
                        // name="value" or name='value'
                        let nameStart = k
                        while k < n && b[k] != UInt8(ascii: "=") && !isSpace(b[k]) && b[k] != UInt8(ascii: ">") { k += 1 }
                        let nameEnd = k
                        while k < n && isSpace(b[k]) { k += 1 }
                        guard k < n, b[k] == UInt8(ascii: "=") else { return false }
                        k += 1
                        while k < n && isSpace(b[k]) { k += 1 }
                        guard k < n, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") else { return false }
                        let quote = b[k]
                        let valueStart = k + 1
                        k = valueStart
                        while k < n && b[k] != quote { k += 1 }
                        guard k < n else { return false }
                        if nameEnd - nameStart == 1 {
                            if b[nameStart] == UInt8(ascii: "r") { attributes.r = String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<k]), as: UTF8.self) }
                            if b[nameStart] == UInt8(ascii: "t") { attributes.t = Self.name(b, valueStart, k) }
                        }
                        k += 1
                    }
                    handle(.start(element, attributes))
                    if selfClosing { handle(.end(element)) }
                    i = k
                }
            }
            return true
        }
        guard ok else { throw Malformed() }
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The local name (after any `x:` prefix) starting at `from`, and the index after it.
    private static func readName(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> (Name, Int) {
        var k = from, local = from
        while k < b.count && !isSpace(b[k]) && b[k] != UInt8(ascii: ">") && b[k] != UInt8(ascii: "/") {
            if b[k] == UInt8(ascii: ":") { local = k + 1 }
            k += 1
        }
        return (name(b, local, k), k)
    }

    private static func name(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Name {
        switch end - start {
        case 1:
            switch b[start] {
            case UInt8(ascii: "c"): return .c
            case UInt8(ascii: "v"): return .v
            case UInt8(ascii: "t"): return .t
            case UInt8(ascii: "s"): return .s
            case UInt8(ascii: "b"): return .b
            default: return .other
            }
        case 2: return b[start] == UInt8(ascii: "s") && b[start + 1] == UInt8(ascii: "i") ? .si : .other
        case 3:
            if starts(b, at: start, "row") { return .row }
            if starts(b, at: start, "rPh") { return .rPh }
            return .other
        default: return .other
        }
    }

    private static func starts(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ s: StaticString) -> Bool {
        let count = s.utf8CodeUnitCount
        guard i + count <= b.count else { return false }
        let p = s.utf8Start
        for k in 0..<count where b[i + k] != p[k] { return false }
        return true
    }

    private static func find(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ s: StaticString) -> Int? {
        var i = from
        let first = s.utf8Start[0]
        while i < b.count {
            if b[i] == first && starts(b, at: i, s) { return i }
            i += 1
        }
        return nil
    }

    /// Text between tags with its references resolved (`&amp;`, `&#20013;`, `&#x4E2D;`); nil for a broken reference.
    private static func decodeText(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var amp = start
        while amp < end && b[amp] != UInt8(ascii: "&") { amp += 1 }
        if amp == end { return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) }
        var bytes = Array(UnsafeBufferPointer(rebasing: b[start..<amp]))
        var i = amp
        while i < end {
            guard b[i] == UInt8(ascii: "&") else { bytes.append(b[i]); i += 1; continue }
            var semi = i + 1
            while semi < end && semi - i <= 10 && b[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < end, b[semi] == UInt8(ascii: ";") else { return nil }
            let entity = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<semi]), as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                else { scalar = nil }
            }
            guard let scalar else { return nil }
            bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            i = semi + 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
