import Foundation
import Testing
@testable import GongzhiKit

/// The worksheet reader against what Excel, WPS and LibreOffice actually write (ECMA-376 part 1, §18.3 and §18.4).
struct SpreadsheetScannerTests {
    func rows(_ xml: String, shared: [String] = []) throws -> [[Int: String]] {
        try SpreadsheetScanner.rows(Data(xml.utf8), shared: shared).map(\.cells)
    }

    @Test(arguments: [
        // Shared, inline, number and boolean cells.
        (#"<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2"><v>42</v></c><c r="D2" t="b"><v>1</v></c></row>"#,
         [[0: "乙", 1: "张三", 2: "42", 3: "TRUE"]]),
        // Namespace prefixes (some writers use x:), self-closing empty cells and rows, skipped columns.
        (#"<x:row r="1"><x:c r="A1"/><x:c r="C1" t="inlineStr"><x:is><x:t>丙</x:t></x:is></x:c></x:row><x:row r="2"/>"#,
         [[2: "丙"], [:]]),
        // Character and entity references, CDATA, preserved spaces, rich-text runs.
        (#"<row><c t="inlineStr"><is><t xml:space="preserve"> a&amp;b&lt;c&#20013;&#x6587; </t></is></c><c t="str"><v><![CDATA[<x>]]></v></c><c t="inlineStr"><is><r><t>纬五路</t></r><r><t>13号院</t></r></is></c></row>"#,
         [[0: " a&b<c中文 ", 1: "<x>", 2: "纬五路13号院"]]),
        // Cells without references follow one another; comments and processing instructions are skipped.
        (#"<?xml version="1.0"?><!-- made by hand --><row><c><v>1</v></c><c><v>2</v></c></row>"#, [[0: "1", 1: "2"]]),
    ])
    func readsCells(xml: String, expected: [[Int: String]]) throws {
        #expect(try rows(xml, shared: ["甲", "乙"]) == expected)
    }

    @Test func rowNumbersFollowTheFile() throws {
        let read = try SpreadsheetScanner.rows(Data(#"<row r="3"><c><v>1</v></c></row><row><c><v>2</v></c></row>"#.utf8), shared: [])
        #expect(read.map(\.number) == [3, 4])
    }

    @Test func sharedStringsLeaveOutPhoneticGuides() throws {
        let xml = #"<sst><si><t>花园路</t></si><si><r><t>经</t></r><r><t>一路</t></r><rPh sb="0" eb="1"><t>jing</t></rPh></si><si/></sst>"#
        #expect(try SpreadsheetScanner.sharedStrings(Data(xml.utf8)) == ["花园路", "经一路", ""])
    }

    @Test(arguments: [#"<row><c><v>1</v></c"#, #"<row><c t="inlineStr><is><t>x</t></is></c></row>"#, #"<row><c><v>a &unknown; b</v></c></row>"#, #"<row><!-- open"#])
    func brokenXMLIsMalformed(xml: String) {
        #expect(throws: SpreadsheetScanner.Malformed.self) { try SpreadsheetScanner.rows(Data(xml.utf8), shared: []) }
    }
}
