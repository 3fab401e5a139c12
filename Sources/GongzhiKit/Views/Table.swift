import Vapor

/// A sortable, paged table. It is drawn here rather than in Leaf: a 50-row table cost a Leaf render about
/// 15 ms, four times the rest of the request. Every text is escaped by `HTML.escape`.
public struct Table: Encodable, Sendable {
    public struct Column: Encodable, Sendable {
        public let label: String
        public let numeric: Bool
        public let sortLink: String?
        /// "asc", "desc" or nil when the table is not sorted by this column.
        public let sorted: String?
        /// A header that does not sort.
        public static func plain(_ label: String, numeric: Bool = false) -> Column {
            Column(label: label, numeric: numeric, sortLink: nil, sorted: nil)
        }
    }
    public struct Cell: Encodable, Sendable {
        public let text: String
        public let link: String?
        public let numeric: Bool
        public init(_ text: String, link: String? = nil, numeric: Bool = false) {
            self.text = text; self.link = link; self.numeric = numeric
        }
        public init(_ number: Int, link: String? = nil) { self.init(number.formatted(), link: link, numeric: true) }
    }
    public struct Row: Encodable, Sendable {
        public let cells: [Cell]
        /// A row that needs attention (overdue) is marked, and styled so on screen and on paper.
        public let attention: Bool
        public init(_ cells: [Cell], attention: Bool = false) { self.cells = cells; self.attention = attention }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var pager: Pager?
    public var emptyText: String

    public init(columns: [Column], rows: [Row], pager: Pager? = nil, emptyText: String = "暂无记录") {
        self.columns = columns; self.rows = rows; self.pager = pager; self.emptyText = emptyText
    }

    enum CodingKeys: String, CodingKey { case html, isEmpty }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(html, forKey: .html)
        try c.encode(rows.isEmpty, forKey: .isEmpty)
    }

    public var html: String {
        let e = HTML.escape
        var out = "<div class=\"table-wrap\"><table class=\"data\"><thead><tr>"
        for col in columns {
            out += "<th" + (col.numeric ? " class=\"num\"" : "")
            if let sorted = col.sorted { out += " aria-sort=\"\(sorted == "asc" ? "ascending" : "descending")\"" }
            out += ">"
            if let link = col.sortLink {
                out += "<a href=\"\(e(link))\">\(e(col.label))\(col.sorted == "asc" ? " ▲" : col.sorted == "desc" ? " ▼" : "")</a>"
            } else { out += e(col.label) }
            out += "</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += row.attention ? "<tr class=\"attention\">" : "<tr>"
            for cell in row.cells {
                out += cell.numeric ? "<td class=\"num\">" : "<td>"
                out += cell.link.map { "<a href=\"\(e($0))\">\(e(cell.text))</a>" } ?? e(cell.text)
                out += "</td>"
            }
            out += "</tr>"
        }
        out += "</tbody></table>"
        if rows.isEmpty { out += "<p class=\"empty\">\(e(emptyText))</p>" }
        out += "</div>"
        if let pager {
            out += "<nav class=\"pager\" aria-label=\"分页\">"
            if let previous = pager.previous { out += "<a href=\"\(e(previous))\">上一页</a>" }
            out += "<span>第\(pager.page)/\(pager.pages)页，共\(pager.total)条</span>"
            if let next = pager.next { out += "<a href=\"\(e(next))\">下一页</a>" }
            if let printAll = pager.printAll { out += "<a href=\"\(e(printAll))\" class=\"print-all\">打印全部\(min(pager.total, ListQuery.printLimit))条</a>" }
            out += "</nav>"
            if pager.printing && pager.total > ListQuery.printLimit {
                out += "<p class=\"alert\">共\(pager.total)条，仅列出前\(ListQuery.printLimit)条；请先按社区、楼院等缩小范围再打印。</p>"
            }
        }
        return out
    }
}

/// Escaping for HTML drawn in Swift (tables, SVG): text and attribute values alike.
public enum HTML {
    public static func escape(_ text: String) -> String {
        // Most cells hold nothing to escape: return them untouched rather than rebuild them scalar by scalar.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

extension Int {
    fileprivate func formatted() -> String {
        let digits = String(abs(self))
        var out = ""
        for (i, ch) in digits.reversed().enumerated() { if i > 0 && i % 3 == 0 { out.append(",") }; out.append(ch) }
        return (self < 0 ? "-" : "") + String(out.reversed())
    }
}

/// `?print=all`: a list asked for whole, to print.
public enum PrintMode: String, CaseIterable, Sendable { case all }

/// A page of a longer list, with links that keep the rest of the query.
public struct Pager: Encodable, Sendable {
    public let page: Int
    public let pages: Int
    public let total: Int
    public let previous: String?
    public let next: String?
    /// The whole list on one page for printing (`?print=all`), offered when there is more than one page.
    public let printAll: String?
    public let printing: Bool
}

/// The sort, direction and page a list was asked for, limited to the columns a page allows.
public struct ListQuery: Sendable {
    public let sortKey: String
    public let descending: Bool
    public let page: Int
    public let perPage: Int
    /// Every row on one page, for printing (`?print=all`), up to `printLimit`.
    public let printing: Bool
    let url: URI

    /// The most rows a printed list holds: some 100 A4 pages.
    public static let printLimit = 5_000

    /// The highest page number a list accepts: 200 rows a page reach 20 million rows, beyond any subdistrict.
    public static let maxPage = 100_000

    /// Reads `sort`, `dir`, `page` and `per`; a page or page size outside its range is a 400 that names it, so the
    /// offset below can never overflow.
    public init(_ req: Request, sortable: [String], defaultSort: String, defaultDescending: Bool = false, perPage: Int = 50) throws {
        let sort = req.queryValue("sort")
        if let sort, !sortable.contains(sort) {
            throw AppError.badRequest(sortable.isEmpty ? "该列表不能排序（参数sort）" : "参数sort（排序）应为以下之一：\(sortable.joined(separator: "、"))")
        }
        let dir = req.queryValue("dir")
        if let dir, dir != "asc" && dir != "desc" { throw AppError.badRequest("参数dir（排序方向）应为asc或desc") }
        sortKey = sort ?? defaultSort
        descending = sort == nil ? defaultDescending : dir == "desc"
        printing = try req.queryChoice("print", PrintMode.self, label: "打印") != nil
        page = printing ? 1 : try req.queryInt("page", in: 1...Self.maxPage, label: "页码") ?? 1
        self.perPage = printing ? Self.printLimit : try req.queryInt("per", in: 10...200, label: "每页条数") ?? perPage
        url = req.url
    }

    public var offset: Int { (page - 1) * perPage }

    /// A link to the same list with `changes` applied to its query.
    public func link(_ changes: [String: String?]) -> String {
        var items = (url.query ?? "").split(separator: "&").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        for (key, value) in changes {
            items.removeAll { $0.0 == key }
            if let value { items.append((key, value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)) }
        }
        let query = items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        return url.path + (query.isEmpty ? "" : "?" + query)
    }

    /// A column header; `key` nil for a column that cannot be sorted.
    public func column(_ label: String, key: String? = nil, numeric: Bool = false) -> Table.Column {
        guard let key else { return .init(label: label, numeric: numeric, sortLink: nil, sorted: nil) }
        let current = key == sortKey
        let nextDir = current && !descending ? "desc" : "asc"
        return .init(label: label, numeric: numeric, sortLink: link(["sort": key, "dir": nextDir, "page": nil]),
                     sorted: current ? (descending ? "desc" : "asc") : nil)
    }

    public func pager(total: Int) -> Pager {
        let pages = max(1, (total + perPage - 1) / perPage)
        return Pager(page: page, pages: pages, total: total,
                     previous: page > 1 ? link(["page": String(page - 1)]) : nil,
                     next: page < pages ? link(["page": String(page + 1)]) : nil,
                     printAll: pages > 1 && !printing ? link(["print": "all", "page": nil]) : nil, printing: printing)
    }
}

extension Array where Element == Table.Column {
    /// Plain headers, those at `numeric` positions right-aligned.
    public static func plain(_ labels: [String], numeric: Set<Int> = []) -> [Table.Column] {
        labels.enumerated().map { .plain($0.element, numeric: numeric.contains($0.offset)) }
    }
}
