import Foundation
import GongzhiCore

/// A ledger sheet read by its Chinese header row: each data row's cells by column title.
/// Column order does not matter, extra columns are ignored, and a missing required column is reported by name.
public struct Ledger: Sendable {
    public struct Row: Sendable {
        public let number: Int
        /// Cells by position in `positions`, which every row of a sheet shares.
        let values: [String]
        let positions: [TextKey: Int]
        public subscript(column: String) -> String { positions[TextKey(column)].map { values[$0] } ?? "" }
        public func has(_ column: String) -> Bool { !self[column].isEmpty }
    }
    public let rows: [Row]
    public let columns: Set<String>

    /// Reads an uploaded .xlsx file; any problem (not xlsx, missing columns, no rows) rejects it with the reasons.
    public init(xlsx data: Data, required: [String]) throws(AppError) {
        let worksheet: Worksheet
        do { worksheet = try XLSXReader.worksheet(data) } catch { throw .importRejected([ImportProblem(row: 0, column: "文件", reason: error.description)]) }
        let sheet = worksheet.rows
        guard let header = sheet.first(where: { !$0.isBlank }) else {
            throw .importRejected([ImportProblem(row: 0, column: "文件", reason: "读取的是第一个工作表“\(worksheet.name)”，它是空的，没有表头行；请把台账放在第一个工作表")])
        }
        let titles = header.cells.mapValues(Self.clean)
        let present = Set(titles.values)
        columns = present
        let missing = required.filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw .importRejected(missing.map { ImportProblem(row: header.number, column: $0, reason: "第一个工作表“\(worksheet.name)”缺少必需的列“\($0)”（导入只读第一个工作表，请把台账放在第一个，并使用下载的模板）") })
        }
        let sheetColumns = titles.keys.sorted()
        let positions = Dictionary(sheetColumns.enumerated().map { (TextKey(titles[$1]!), $0) }) { first, _ in first }
        let positionOfColumn = Dictionary(uniqueKeysWithValues: sheetColumns.enumerated().map { ($1, $0) })
        // Rows are cleaned and checked on every core; their problems are reported in row order.
        let candidates = sheet.filter { $0.number > header.number }
        let read = Parallel.map(candidates) { row -> (row: Row, unfit: [(column: String, reason: String)])? in
            guard !row.isBlank, !Self.isInstruction(row) else { return nil }
            var values = Array(repeating: "", count: sheetColumns.count)
            var unfit: [(column: String, reason: String)] = []
            for (column, text) in row.cells {
                guard let position = positionOfColumn[column] else { continue }
                values[position] = Self.clean(text)
                // Text no ledger column may hold; line breaks typed with Alt+Enter are allowed and trimmed by the field's rule.
                if let problem = TextRule.unprintable(values[position], multiline: true) { unfit.append((titles[column]!, problem)) }
            }
            return (Row(number: row.number, values: values, positions: positions), unfit)
        }
        var unfit = ImportProblems()
        for case let (row, problems)? in read { for p in problems { unfit.add(row.number, p.column, p.reason) } }
        rows = read.compactMap { $0?.row }
        try unfit.throwIfAny()
        guard !rows.isEmpty else { throw .importRejected([ImportProblem(row: header.number + 1, column: "文件", reason: "表头之后没有数据行")]) }
    }

    /// The mark that starts an instruction row of a template (填写说明), which is never imported.
    public static let instructionMark = "【填写说明】"

    static func isInstruction(_ row: SheetRow) -> Bool {
        row.cells.values.contains { $0.hasPrefix(instructionMark) }
    }

    /// Trims spaces and line breaks and drops ideographic spaces (U+3000) typed inside names.
    static func clean(_ text: String) -> String {
        // Nearly every cell is clean already; checking bytes is a hundred times cheaper than Foundation's trimming.
        let scalars = text.unicodeScalars
        let needsWork = scalars.first?.isWhiteSpace == true || scalars.last?.isWhiteSpace == true
            || text.utf8.contains(0xE3) && scalars.contains("\u{3000}")
        guard needsWork else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{3000}", with: "")
    }


    /// Excel stores a date typed into a cell as a day count from 1899-12-30; text dates pass through.
    public static func dateText(_ cell: String) -> String {
        guard let serial = Double(cell), serial > 1, serial < 80_000, !cell.contains("-") else { return cell }
        let date = Date(timeIntervalSince1970: (serial - 25_569) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}

/// Collects the problems of an import, to reject the whole file at once.
public struct ImportProblems: Sendable {
    public private(set) var list: [ImportProblem] = []
    public init() {}
    public mutating func add(_ row: Int, _ column: String, _ reason: String) { list.append(ImportProblem(row: row, column: column, reason: reason)) }
    public var isEmpty: Bool { list.isEmpty }
    public func throwIfAny() throws(AppError) { if !list.isEmpty { throw .importRejected(list) } }
}
