import Foundation
import GongzhiKit
import ZIPFoundation

/// Workbooks no spreadsheet program would write, to test what the reader refuses: a sheet's XML as given, parts
/// of any size, a header that lies about its size.
enum RawWorkbook {
    /// A workbook whose first sheet is `sheetXML` (rows of inline strings, say), plus `extra` parts.
    static func make(sheetXML: String, compression: CompressionMethod = .deflate, extra: [(String, Data)] = []) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8)),
            ("xl/workbook.xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)),
            ("xl/_rels/workbook.xml.rels", Data(#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)),
            ("xl/worksheets/sheet1.xml", Data(sheetXML.utf8)),
        ] + extra
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// A sheet of inline-string rows.
    static func sheet(_ rows: [[String]], padding: String = "") -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                xml += "<c r=\"\(Character(Unicode.Scalar(65 + c)!))\(r + 1)\" t=\"inlineStr\"><is><t>\(cell)</t></is></c>"
            }
            xml += "</row>"
        }
        return xml + "</sheetData>" + padding + "</worksheet>"
    }
}

extension Data {
    /// Rewrites the uncompressed size that the local and central headers of `path` declare (a lying header).
    mutating func rewriteUncompressedSizes(of path: String, to size: UInt32) {
        let name = Data(path.utf8)
        let bytes = [UInt8](self)
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x03, bytes[i + 3] == 0x04,
               self[(i + 30)..<(i + 30 + name.count)] == name {
                replaceSubrange((i + 22)..<(i + 26), with: le32(size))
            }
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02,
               i + 46 + name.count <= bytes.count, self[(i + 46)..<(i + 46 + name.count)] == name {
                replaceSubrange((i + 24)..<(i + 28), with: le32(size))
            }
            i += 1
        }
    }
}
