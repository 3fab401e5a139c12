import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One row of a worksheet: its 1-based row number and its non-empty cells by 0-based column.
public struct SheetRow: Sendable {
    public let number: Int
    public let cells: [Int: String]
    public subscript(column: Int) -> String { cells[column] ?? "" }
    public var isBlank: Bool { cells.values.allSatisfy { $0.unicodeScalars.allSatisfy(\.isWhiteSpace) } }
}

public enum XLSXError: Error, CustomStringConvertible, Sendable {
    case notXLSX, noWorksheet, malformed(String)
    /// A part larger than its limit, or packed far tighter than any spreadsheet (a decompression bomb).
    case tooLarge(String)
    public var description: String {
        switch self {
        case .tooLarge(let what): "文件未导入：\(what)。请拆分文件后分别导入"
        case .notXLSX: "文件不是有效的.xlsx（Excel 2007及以后版本）文件；如为.xls或.csv，请在Excel或WPS中另存为.xlsx后再导入"
        case .noWorksheet: "文件中没有工作表"
        case .malformed(let part): "文件已损坏，无法读取其中的\(part)"
        }
    }
}

/// The first worksheet of a workbook: its name (said when it is not the ledger expected) and its rows.
public struct Worksheet: Sendable {
    public let name: String
    public let rows: [SheetRow]
}

/// Reads the first worksheet of an .xlsx file, as written by Excel, WPS, LibreOffice or Gongzhi:
/// shared strings, inline strings, numbers and booleans. Every part is decompressed under a limit on its size, on
/// the whole, and on how tightly it was packed, and the rows are counted before they are read: a small upload cannot
/// grow into gigabytes, nor a million empty rows take a minute to refuse.
public enum XLSXReader {
    /// The limits a file must keep; the defaults hold a ledger of the whole subdistrict several times over.
    public struct Limits: Sendable {
        /// The largest a ledger may be: more rows than any subdistrict has residents.
        public var rows = 200_000
        public var worksheetBytes = 256 << 20
        public var sharedStringsBytes = 128 << 20
        public var otherPartBytes = 4 << 20
        public var totalBytes = 320 << 20
        /// Uncompressed ÷ compressed for a part above 1 MB; spreadsheets stay far below, bombs far above.
        public var ratio = 200
        public init() {}
    }

    public static func firstSheet(_ data: Data, limits: Limits = .init()) throws(XLSXError) -> [SheetRow] {
        try worksheet(data, limits: limits).rows
    }

    public static func worksheet(_ data: Data, limits: Limits = .init()) throws(XLSXError) -> Worksheet {
        guard data.count > 4, data.prefix(2) == Data("PK".utf8), let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else {
            throw .notXLSX
        }
        var budget = Budget(limits: limits)
        guard let workbook = try read(archive, "xl/workbook.xml", limit: limits.otherPartBytes, "工作簿", &budget) else { throw .notXLSX }
        let rels = try read(archive, "xl/_rels/workbook.xml.rels", limit: limits.otherPartBytes, "工作簿关系", &budget).map(RelationshipsParser.parse) ?? [:]
        let first = FirstSheetParser.parse(workbook)
        let sheetTarget = first.relationshipID.flatMap { rels[$0]?.target } ?? "worksheets/sheet1.xml"
        let sheetPath = sheetTarget.hasPrefix("/") ? String(sheetTarget.dropFirst()) : "xl/" + sheetTarget
        guard let sheet = try read(archive, sheetPath, limit: limits.worksheetBytes, "工作表", &budget) else { throw .noWorksheet }
        try checkRowCount(sheet, limit: limits.rows)
        let sharedPath = rels.values.first { $0.type.hasSuffix("/sharedStrings") }.map { $0.target.hasPrefix("/") ? String($0.target.dropFirst()) : "xl/" + $0.target } ?? "xl/sharedStrings.xml"
        var strings: [String] = []
        if let part = try read(archive, sharedPath, limit: limits.sharedStringsBytes, "共享字符串", &budget) {
            do { strings = try SpreadsheetScanner.sharedStrings(part) } catch { throw .malformed("共享字符串") }
        }
        let shared = strings
        // Pieces of whole rows are read independently, on every core.
        let pieces = Parallel.map(XMLChunks.split(sheet, element: "row")) { piece -> [SheetRow]? in
            try? SpreadsheetScanner.rows(piece, shared: shared)
        }
        guard pieces.allSatisfy({ $0 != nil }) else { throw .malformed("工作表") }
        return Worksheet(name: first.name ?? "Sheet1", rows: pieces.flatMap { $0! })
    }

    /// What is left of the whole file's allowance as parts are decompressed.
    struct Budget {
        let limits: Limits
        var used = 0
    }

    static func megabytes(_ bytes: Int) -> String { "\(bytes >> 20) MB" }

    /// A part decompressed while it keeps its limits: the declared size is checked first, then the bytes actually
    /// produced (a header can lie), and extraction stops at the first byte over.
    static func read(_ archive: Archive, _ path: String, limit: Int, _ label: String, _ budget: inout Budget) throws(XLSXError) -> Data? {
        guard let entry = archive[path] else { return nil }
        let allowed = min(limit, budget.limits.totalBytes - budget.used)
        let tooLarge = XLSXError.tooLarge("\(label)解压后超过\(megabytes(limit))的上限（整个文件解压后不得超过\(megabytes(budget.limits.totalBytes))）")
        let packedTooTight = XLSXError.tooLarge("\(label)的压缩比超过\(budget.limits.ratio):1，不像是表格软件保存的文件（可能是恶意构造的压缩包）")
        let declared = Int(clamping: entry.uncompressedSize)
        if declared > allowed { throw tooLarge }
        let compressed = max(1, Int(clamping: entry.compressedSize))
        if declared > 1 << 20, declared / compressed > budget.limits.ratio { throw packedTooTight }
        var data = Data()
        data.reserveCapacity(min(declared, allowed))
        struct Over: Error {}
        do {
            // Checked as it grows too: a header that declares a small size must not let the part grow past its ratio.
            let cap = min(allowed, max(1 << 20, compressed * budget.limits.ratio))
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: true) { chunk in
                guard data.count + chunk.count <= cap else { throw Over() }
                data.append(chunk)
            }
        } catch is Over {
            throw data.count + (64 << 10) >= allowed ? tooLarge : packedTooTight
        } catch {
            return nil
        }
        budget.used += data.count
        return data
    }

    /// Refuses a sheet with more rows than a ledger may have, by its declared dimension and by counting its row
    /// tags, before any row is read.
    static func checkRowCount(_ sheet: Data, limit: Int) throws(XLSXError) {
        let tooMany = { (n: Int) in XLSXError.tooLarge("工作表有\(n)行以上，超过每个文件\(limit)行的上限") }
        let head = sheet.prefix(4096)
        if let range = head.range(of: Data("<dimension ref=\"".utf8)) ?? head.range(of: Data(":dimension ref=\"".utf8)) {
            let rest = head[range.upperBound...].prefix(40)
            if let end = rest.firstIndex(of: UInt8(ascii: "\"")) {
                let reference = String(decoding: rest[..<end], as: UTF8.self)
                let lastRow = reference.split(separator: ":").last.map { Int($0.drop { !$0.isNumber }) ?? 0 } ?? 0
                if lastRow > limit + 1_000 { throw tooMany(lastRow) }
            }
        }
        var count = 0
        let found: Bool = sheet.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            while i < n - 4 {
                if bytes[i] == UInt8(ascii: "<") {
                    var k = i + 1
                    // `<row` or `<x:row`
                    while k < n && k < i + 12 && bytes[k] != UInt8(ascii: ":") && bytes[k] != UInt8(ascii: " ") && bytes[k] != UInt8(ascii: ">") && bytes[k] != UInt8(ascii: "/") { k += 1 }
                    let nameStart = k < n && bytes[k] == UInt8(ascii: ":") ? k + 1 : i + 1
                    if nameStart + 3 < n, bytes[nameStart] == UInt8(ascii: "r"), bytes[nameStart + 1] == UInt8(ascii: "o"), bytes[nameStart + 2] == UInt8(ascii: "w"),
                       bytes[nameStart + 3] == UInt8(ascii: " ") || bytes[nameStart + 3] == UInt8(ascii: ">") || bytes[nameStart + 3] == UInt8(ascii: "/") {
                        count += 1
                        if count > limit + 1_000 { return true }
                    }
                }
                i += 1
            }
            return false
        }
        if found { throw tooMany(count) }
    }

    /// "AB12" → 27 (0-based column of the cell reference).
    static func column(of reference: String) -> Int? {
        var n = 0, seen = false
        for u in reference.utf8 {
            guard u >= 65 && u <= 90 else { break }
            n = n * 26 + Int(u - 64); seen = true
        }
        return seen ? n - 1 : nil
    }
}

private final class FirstSheetParser: NSObject, XMLParserDelegate {
    var relationshipID: String?
    var name: String?
    static func parse(_ data: Data) -> FirstSheetParser { XMLParser.run(FirstSheetParser(), on: data) }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name.localXMLName == "sheet", relationshipID == nil {
            relationshipID = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value
            self.name = attributes["name"]
        }
    }
}

private final class RelationshipsParser: NSObject, XMLParserDelegate {
    var targets: [String: (target: String, type: String)] = [:]
    static func parse(_ data: Data) -> [String: (target: String, type: String)] { XMLParser.run(RelationshipsParser(), on: data).targets }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name.localXMLName == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = (target, attributes["Type"] ?? "")
        }
    }
}

extension XMLParser {
    /// Parses a small part with `delegate` and hands the delegate back with what it collected.
    static func run<D: NSObject & XMLParserDelegate>(_ delegate: D, on data: Data) -> D {
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        _ = parser.parse()
        return delegate
    }
}

extension String {
    /// `x:row` → `row`: some writers prefix the SpreadsheetML namespace.
    var localXMLName: Substring { self[(lastIndex(of: ":").map { index(after: $0) } ?? startIndex)...] }
}
