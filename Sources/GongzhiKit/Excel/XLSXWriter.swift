import Vapor
import Foundation
import ZIPFoundation

/// Writes a one-sheet .xlsx workbook (Office Open XML, SpreadsheetML) with a bold Chinese header row.
/// Every cell is written as an inline string so ID numbers and codes keep their digits.
public enum XLSXWriter {
    /// An empty ledger to fill in: the header row, then instruction rows that start with `Ledger.instructionMark`
    /// and are never imported, so a template sent back unchanged imports nothing and a forgotten note does no harm.
    public static func template(sheetName: String, header: [String], instructions: [String], widths: [Int]? = nil) throws -> Data {
        try workbook(sheetName: sheetName, header: header, rows: instructions.map { [Ledger.instructionMark + $0] }, widths: widths)
    }

    public static func workbook(sheetName: String, header: [String], rows: [[String]], widths: [Int]? = nil) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        try add(archive, "[Content_Types].xml", contentTypes)
        try add(archive, "_rels/.rels", rootRels)
        try add(archive, "xl/workbook.xml", workbookXML(sheetName))
        try add(archive, "xl/_rels/workbook.xml.rels", workbookRels)
        try add(archive, "xl/styles.xml", styles)
        try add(archive, "xl/worksheets/sheet1.xml", sheetXML(header: header, rows: rows, widths: widths))
        guard let data = archive.data else { throw AppError.internalInconsistency("xlsx archive has no data") }
        return data
    }

    static func add(_ archive: Archive, _ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    static func sheetXML(header: [String], rows: [[String]], widths: [Int]?) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        out += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        let columnWidths = widths ?? header.map { max(10, $0.count * 3) }
        out += "<cols>" + columnWidths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }.joined() + "</cols>"
        out.reserveCapacity(rows.count * 400)
        out += "<sheetData>"
        for (index, cells) in ([header] + rows).enumerated() {
            let r = index + 1
            out += "<row r=\"\(r)\">"
            for (c, text) in cells.enumerated() where !text.isEmpty {
                out += "<c r=\"\(columnName(c))\(r)\" t=\"inlineStr\"\(index == 0 ? " s=\"1\"" : "")><is><t>\(escape(text))</t></is></c>"
            }
            out += "</row>"
        }
        return out + "</sheetData></worksheet>"
    }

    /// 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { let m = (n - 1) % 26; name = String(UnicodeScalar(65 + m)!) + name; n = (n - 1) / 26 }
        return name
    }

    /// Characters XML 1.0 cannot carry are dropped rather than producing a file Excel refuses.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return HTML.escape(text) }
        return HTML.escape(String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || "\t\n\r".unicodeScalars.contains($0) })))
    }

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
    """
    static let rootRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
    """
    static func workbookXML(_ name: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(escape(String(name.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }
    static let workbookRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
    """
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="49" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" applyFont="1" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
    """
}

extension XLSXWriter {
    /// An .xlsx file as a download named `filename` (Chinese names kept through RFC 5987 encoding).
    public static func download(_ data: Data, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "ledger.xlsx"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''\(encoded)")
        return response
    }
}

extension Request {
    /// A list exported as one sheet named `title`: the export is audited (what list and how many rows, never their
    /// content) and the workbook downloaded as `title.xlsx`.
    public func download(title: String, header: [String], rows: [[String]], action: String, target: String) async throws -> Response {
        try await audit(action: action, target: target, detail: "导出\(title)\(rows.count)条")
        return XLSXWriter.download(try XLSXWriter.workbook(sheetName: title, header: header, rows: rows), filename: "\(title).xlsx")
    }
}
