import Foundation
import GongzhiCore

/// The subdistrict's plan as SVG: outlines of the places kept on the 1000×600 plane (communities as ground,
/// compounds and buildings on top), each marked place filled by the class of its state (a task's status, a census
/// area's progress) with a legend, zoomed to the places shown. Printed, it hangs on the wall (挂图).
public struct PlanMap: Sendable {
    public struct Shape: Sendable {
        public let polygon: String, label: String?, title: String, cssClass: String, link: String?
        public init(polygon: String, label: String? = nil, title: String, cssClass: String, link: String? = nil) {
            self.polygon = polygon; self.label = label; self.title = title; self.cssClass = cssClass; self.link = link
        }
    }
    public struct Key: Sendable {
        public let label: String, cssClass: String, count: Int
        public init(_ label: String, cssClass: String, count: Int) { self.label = label; self.cssClass = cssClass; self.count = count }
    }

    public var ground: [Shape] = []
    public var marks: [Shape] = []
    public var legend: [Key] = []
    public init() {}

    static func points(_ text: String) -> [(Double, Double)] {
        text.split(separator: " ").compactMap { pair in
            guard let comma = pair.firstIndex(of: ","), let x = Double(pair[..<comma]), let y = Double(pair[pair.index(after: comma)...]),
                  x.isFinite, y.isFinite else { return nil }
            return (x, y)
        }
    }

    /// The SVG; empty when no place has an outline.
    public func svg(title: String) -> String {
        let shown = ground + marks
        let all = shown.flatMap { Self.points($0.polygon) }
        guard !all.isEmpty else { return "" }
        let e = HTML.escape, n = SVG.number
        // The view fits the places shown, with a margin and room for the legend below.
        let minX = all.map(\.0).min()!, maxX = all.map(\.0).max()!, minY = all.map(\.1).min()!, maxY = all.map(\.1).max()!
        let pad = max(maxX - minX, maxY - minY) * 0.03 + 4
        let width = maxX - minX + 2 * pad, height = maxY - minY + 2 * pad
        let legendRow = max(width / 36, 8), font = legendRow * 0.55
        var out = "<svg class=\"plan\" viewBox=\"\(n(minX - pad)) \(n(minY - pad)) \(n(width)) \(n(height + legendRow * 1.6))\" role=\"img\" aria-label=\"\(e(title))\" "
            + "style=\"--label:\(n(font))px\">"
        func draw(_ s: Shape) {
            let body = "<polygon points=\"\(e(s.polygon))\" class=\"\(e(s.cssClass))\"><title>\(e(s.title))</title></polygon>"
            out += SVG.linked(body, s.link)
        }
        for s in ground { draw(s) }
        for s in marks { draw(s) }
        for s in ground where s.label != nil {
            let p = Self.points(s.polygon)
            let cx = p.map(\.0).reduce(0, +) / Double(p.count), top = p.map(\.1).min() ?? 0
            out += "<text x=\"\(n(cx))\" y=\"\(n(top + legendRow * 0.8))\" text-anchor=\"middle\" class=\"plan-label\">\(e(s.label!))</text>"
        }
        var x = minX - pad + legendRow * 0.4
        let y = maxY + pad + legendRow * 0.3
        for key in legend {
            out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(legendRow * 0.8))\" height=\"\(n(legendRow * 0.8))\" class=\"\(e(key.cssClass))\"/>"
                + "<text x=\"\(n(x + legendRow))\" y=\"\(n(y + legendRow * 0.7))\" class=\"plan-label\">\(e(key.label)) \(key.count)</text>"
            // A Chinese character is one em wide, a digit about half.
            x += legendRow * 1.6 + font * (Double(key.label.count) + 0.6 * Double(String(key.count).count + 1))
        }
        return out + "</svg>"
    }
}

/// A Gantt-style chart: one row per group (a community) from its earliest start to its latest deadline over the
/// campaign's period, filled to its share done, with today's line.
public struct Gantt: Sendable {
    public struct Row: Sendable {
        public let label: String, starts: CivilDate, ends: CivilDate, done: Int, total: Int, overdue: Int, link: String?
        public init(label: String, starts: CivilDate, ends: CivilDate, done: Int, total: Int, overdue: Int, link: String? = nil) {
            self.label = label; self.starts = starts; self.ends = ends; self.done = done; self.total = total; self.overdue = overdue; self.link = link
        }
    }
    public let rows: [Row]
    public let from: CivilDate, to: CivilDate, today: CivilDate
    public init(rows: [Row], from: CivilDate, to: CivilDate, today: CivilDate) { self.rows = rows; self.from = from; self.to = to; self.today = today }

    public func svg(title: String) -> String {
        guard !rows.isEmpty, from < to || from == to else { return "" }
        let e = HTML.escape, n = SVG.number
        let left = 130.0, right = 120.0, width = 640.0, rowHeight = 26.0, top = 26.0
        let span = Double(max(1, to.daysSince1970 - from.daysSince1970))
        let x = { (d: CivilDate) in left + (Double(d.daysSince1970 - self.from.daysSince1970) / span) * (width - left - right) }
        let height = top + Double(rows.count) * rowHeight + 8
        var out = "<svg class=\"gantt\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(e(title))\">"
        // Month ticks along the top.
        var month = CivilDate(year: from.year, month: from.month, day: 1)!
        while !(to < month) {
            if !(month < from) { out += "<line x1=\"\(n(x(month)))\" y1=\"\(n(top - 6))\" x2=\"\(n(x(month)))\" y2=\"\(n(height))\" class=\"tick\"/>"
                + "<text x=\"\(n(x(month) + 2))\" y=\"\(n(top - 10))\" class=\"axis\">\(month.month)月</text>" }
            month = month.month == 12 ? CivilDate(year: month.year + 1, month: 1, day: 1)! : CivilDate(year: month.year, month: month.month + 1, day: 1)!
        }
        for (i, r) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let x0 = x(max(r.starts, from)), x1 = max(x0 + 2, x(min(r.ends, to)))
            let share = r.total > 0 ? Double(r.done) / Double(r.total) : 0
            out += "<text x=\"\(n(left - 8))\" y=\"\(n(y + 17))\" text-anchor=\"end\" class=\"axis\">" + SVG.linked(e(r.label), r.link) + "</text>"
                + "<rect x=\"\(n(x0))\" y=\"\(n(y + 5))\" width=\"\(n(x1 - x0))\" height=\"16\" class=\"bar-span\"/>"
                + "<rect x=\"\(n(x0))\" y=\"\(n(y + 5))\" width=\"\(n((x1 - x0) * share))\" height=\"16\" class=\"st-done\"/>"
                + "<text x=\"\(n(width - right + 8))\" y=\"\(n(y + 17))\" class=\"axis\">完成\(r.done)/\(r.total)"
                + (r.overdue > 0 ? "<tspan class=\"late\">，逾期\(r.overdue)</tspan>" : "") + "</text>"
        }
        if !(today < from) && !(to < today) {
            out += "<line x1=\"\(n(x(today)))\" y1=\"\(n(top - 4))\" x2=\"\(n(x(today)))\" y2=\"\(n(height))\" class=\"today\"/>"
                + "<text x=\"\(n(x(today) + 3))\" y=\"\(n(height - 2))\" class=\"axis\">今天</text>"
        }
        return out + "</svg>"
    }
}
