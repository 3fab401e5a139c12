import Fluent

/// A module's part of the subdistrict overview and of the generated report (报表一键生成): figures counted from
/// its records, and the sentence the report writes from the same figures.
public struct Highlight: Sendable, Encodable {
    public struct Figure: Sendable, Encodable {
        public let label: String
        public let value: String
        public init(_ label: String, _ value: String) { self.label = label; self.value = value }
    }
    public let title: String
    public let link: String
    public let figures: [Figure]
    public let sentence: String
    public init(title: String, link: String, figures: [Figure], sentence: String) {
        self.title = title; self.link = link; self.figures = figures; self.sentence = sentence
    }
}

/// How a module contributes its highlight: computed for the records under one place (a subdistrict, a community)
/// from the module's records; the sentence is written for a subdistrict, the figures read anywhere.
/// Cards appear in the order of the module list.
public typealias HighlightSource = @Sendable (any Database, _ placePath: String, Period) async throws -> Highlight?

extension Highlight {
    /// The cards of several highlights, drawn here rather than in Leaf (as tables are): a page of five cards
    /// cost Leaf more than the page's queries. Every text is escaped.
    public static func cards(_ highlights: [Highlight]) -> String {
        guard !highlights.isEmpty else { return "" }
        let e = HTML.escape
        var out = "<div class=\"grid highlights\">"
        for h in highlights {
            // A card without a link: its records are not for everyone who reads the overview (a census's visits).
            let title = h.link.isEmpty ? e(h.title) : "<a href=\"\(e(h.link))\">\(e(h.title))</a>"
            out += "<section class=\"card highlight\"><h2>\(title)</h2><dl>"
            for f in h.figures { out += "<div><dt>\(e(f.label))</dt><dd>\(e(f.value))</dd></div>" }
            out += "</dl></section>"
        }
        return out + "</div>"
    }
}

extension Gongzhi {
    /// Every registered module's highlight for the records under the place at `path`, in order.
    public func highlights(at path: String, period: Period = .latest, on db: any Database) async throws -> [Highlight] {
        var result: [Highlight] = []
        for source in highlightSources {
            if let highlight = try await source(db, path, period) { result.append(highlight) }
        }
        return result
    }
}
