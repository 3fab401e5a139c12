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
    public var isBlank: Bool { cells.values.allSatisfy { $0.unicodeScalars.allSatisfy(\.properties.isWhitespace) } }
}

public enum XLSXError: Error, CustomStringConvertible, Sendable {
    case notXLSX, noWorksheet, malformed(String)
    public var description: String {
        switch self {
        case .notXLSX: "文件不是有效的.xlsx（Excel 2007及以后版本）文件；如为.xls或.csv，请在Excel或WPS中另存为.xlsx后再导入"
        case .noWorksheet: "文件中没有工作表"
        case .malformed(let part): "文件已损坏，无法读取其中的\(part)"
        }
    }
}

/// Reads the first worksheet of an .xlsx file, as written by Excel, WPS, LibreOffice or Gongzhi:
/// shared strings, inline strings, numbers and booleans.
public enum XLSXReader {
    public static func firstSheet(_ data: Data) throws(XLSXError) -> [SheetRow] {
        guard data.count > 4, data.prefix(2) == Data("PK".utf8), let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else {
            throw .notXLSX
        }
        guard let workbook = read(archive, "xl/workbook.xml") else { throw .notXLSX }
        let rels = read(archive, "xl/_rels/workbook.xml.rels").map(RelationshipsParser.parse) ?? [:]
        let sheetTarget = FirstSheetParser.parse(workbook).flatMap { rels[$0]?.target } ?? "worksheets/sheet1.xml"
        let sheetPath = sheetTarget.hasPrefix("/") ? String(sheetTarget.dropFirst()) : "xl/" + sheetTarget
        guard let sheet = read(archive, sheetPath) else { throw .noWorksheet }
        let sharedPath = rels.values.first { $0.type.hasSuffix("/sharedStrings") }.map { $0.target.hasPrefix("/") ? String($0.target.dropFirst()) : "xl/" + $0.target } ?? "xl/sharedStrings.xml"
        var strings: [String] = []
        if let part = read(archive, sharedPath) {
            do { strings = try SpreadsheetScanner.sharedStrings(part) } catch { throw .malformed("共享字符串") }
        }
        let shared = strings
        // Pieces of whole rows are read independently, on every core.
        let pieces = Parallel.map(XMLChunks.split(sheet, element: "row")) { piece -> [SheetRow]? in
            try? SpreadsheetScanner.rows(piece, shared: shared)
        }
        guard pieces.allSatisfy({ $0 != nil }) else { throw .malformed("工作表") }
        return pieces.flatMap { $0! }
    }

    static func read(_ archive: Archive, _ path: String) -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        guard (try? archive.extract(entry, skipCRC32: true) { data.append($0) }) != nil else { return nil }
        return data
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
    static func parse(_ data: Data) -> String? { XMLParser.run(FirstSheetParser(), on: data).relationshipID }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name.localXMLName == "sheet", relationshipID == nil {
            relationshipID = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value
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
