import GongzhiCore
import Foundation

/// Charts and maps drawn on the server as SVG text; every label is escaped here, so templates embed the result as is.
public enum SVG {
    public struct Datum: Sendable {
        public let label: String
        public let value: Double
        public let link: String?
        public init(_ label: String, _ value: Double, link: String? = nil) { self.label = label; self.value = value; self.link = link }
    }

    public static let palette = ["#c0392b", "#d4a017", "#2e86ab", "#6a994e", "#8e5572", "#e07a5f", "#3d5a80", "#81b29a"]

    static func escape(_ text: String) -> String { HTML.escape(text) }
    static func number(_ v: Double) -> String { String(format: "%.1f", v) }
    static func linked(_ body: String, _ link: String?) -> String {
        guard let link else { return body }
        return "<a href=\"\(escape(link))\">\(body)</a>"
    }

    /// Horizontal bars, one per datum, longest scaled to the width; `unit` follows each value.
    public static func bars(_ data: [Datum], title: String, unit: String = "") -> String {
        let rowHeight = 28.0, labelWidth = 150.0, width = 640.0, barMax = width - labelWidth - 90
        let top = data.map(\.value).max() ?? 0
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(Double(data.count) * rowHeight + 10))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (i, d) in data.enumerated() {
            let y = Double(i) * rowHeight + 5
            let w = top > 0 ? max(1, d.value / top * barMax) : 0
            let value = d.value == d.value.rounded() ? String(Int(d.value)) : String(format: "%.2f", d.value)
            out += linked("<g><text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + 17))\" text-anchor=\"end\">\(escape(d.label))</text>"
                + "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 4))\" width=\"\(number(w))\" height=\"18\" rx=\"3\" fill=\"\(palette[2])\"/>"
                + "<text x=\"\(number(labelWidth + w + 6))\" y=\"\(number(y + 17))\">\(value)\(escape(unit))</text></g>", d.link)
        }
        return out + "</svg>"
    }

    /// A ring divided among the data, with a legend that names each share.
    public static func donut(_ data: [Datum], title: String, centre: String) -> String {
        let total = data.reduce(0) { $0 + $1.value }
        let cx = 110.0, cy = 110.0, r = 80.0, stroke = 34.0
        let circumference = 2 * Double.pi * r
        var out = "<svg class=\"chart\" viewBox=\"0 0 420 220\" role=\"img\" aria-label=\"\(escape(title))\">"
        var offset = 0.0
        for (i, d) in data.enumerated() where total > 0 {
            let length = d.value / total * circumference
            out += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(r)\" fill=\"none\" stroke=\"\(palette[i % palette.count])\" stroke-width=\"\(stroke)\""
                + " stroke-dasharray=\"\(number(length)) \(number(circumference - length))\" stroke-dashoffset=\"\(number(-offset))\""
                + " transform=\"rotate(-90 \(cx) \(cy))\"/>"
            offset += length
        }
        out += "<text x=\"\(cx)\" y=\"\(cy + 8)\" text-anchor=\"middle\" class=\"centre\">\(escape(centre))</text>"
        for (i, d) in data.enumerated() {
            let y = 50.0 + Double(i) * 34
            let share = total > 0 ? String(format: "%.1f%%", d.value / total * 100) : "—"
            out += "<rect x=\"230\" y=\"\(number(y - 13))\" width=\"16\" height=\"16\" rx=\"3\" fill=\"\(palette[i % palette.count])\"/>"
                + "<text x=\"254\" y=\"\(number(y))\">\(escape(d.label)) \(Int(d.value)) (\(share))</text>"
        }
        return out + "</svg>"
    }

    /// A schematic map: each region a polygon from stored geometry (`x,y x,y …` in a 1000×600 plane),
    /// shaded by its value and labelled with its name and value.
    public static func map(_ regions: [(datum: Datum, polygon: String)], title: String, unit: String) -> String {
        let top = regions.map(\.datum.value).max() ?? 1
        var out = "<svg class=\"map\" viewBox=\"0 0 1000 600\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (datum, polygon) in regions {
            let points = polygon.split(separator: " ").compactMap { pair -> (Double, Double)? in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return xy.count == 2 ? (xy[0], xy[1]) : nil
            }
            guard !points.isEmpty else { continue }
            let cx = points.map(\.0).reduce(0, +) / Double(points.count)
            let cy = points.map(\.1).reduce(0, +) / Double(points.count)
            let shade = 0.25 + 0.65 * (top > 0 ? datum.value / top : 0)
            let pointText = points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
            out += linked("<g><polygon points=\"\(pointText)\" fill=\"rgba(192,57,43,\(String(format: "%.2f", shade)))\" stroke=\"#fff\" stroke-width=\"4\"/>"
                + "<text x=\"\(number(cx))\" y=\"\(number(cy - 4))\" text-anchor=\"middle\" class=\"region\">\(escape(datum.label))</text>"
                + "<text x=\"\(number(cx))\" y=\"\(number(cy + 22))\" text-anchor=\"middle\" class=\"value\">\(Int(datum.value))\(escape(unit))</text></g>",
                datum.link)
        }
        return out + "</svg>"
    }

    /// A QR code of `text` (an authenticator's `otpauth://` address) with its quiet zone, black on white so any
    /// camera reads it; nil for a text too long for one.
    public static func qr(_ text: String, label: String) -> String? {
        guard let code = try? QRCode(text) else { return nil }
        let quiet = 4, side = code.size + 2 * quiet
        var path = ""
        for (r, row) in code.modules.enumerated() { for (c, dark) in row.enumerated() where dark { path += "M\(c + quiet) \(r + quiet)h1v1h-1z" } }
        return "<svg class=\"qr\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * 5)\" height=\"\(side * 5)\" role=\"img\" aria-label=\"\(HTML.escape(label))\" "
            + "shape-rendering=\"crispEdges\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}

extension SVG {
    /// Columns over days (the day's count) with the running total as a line on its own scale: a campaign's progress.
    public static func days(_ data: [(label: String, value: Int)], title: String, unit: String) -> String {
        let width = 640.0, height = 220.0, left = 40.0, bottom = 30.0, top = 20.0
        let plotW = width - left - 50, plotH = height - top - bottom
        let maxDay = Double(data.map(\.value).max() ?? 0), total = Double(data.reduce(0) { $0 + $1.value })
        let step = data.isEmpty ? 0 : plotW / Double(data.count)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        var running = 0.0, line: [String] = []
        for (i, d) in data.enumerated() {
            let x = left + Double(i) * step
            let h = maxDay > 0 ? Double(d.value) / maxDay * plotH : 0
            out += "<rect x=\"\(number(x + step * 0.15))\" y=\"\(number(top + plotH - h))\" width=\"\(number(step * 0.7))\" height=\"\(number(h))\" fill=\"\(palette[2])\"><title>\(escape(d.label))：\(d.value)\(escape(unit))</title></rect>"
            running += Double(d.value)
            line.append("\(number(x + step / 2)),\(number(top + plotH - (total > 0 ? running / total * plotH : 0)))")
            // Every label when few; else every n-th and the last, none crowding the last.
            let every = max(1, data.count / 8)
            if data.count <= 12 || i == data.count - 1 || (i % every == 0 && data.count - 1 - i >= every / 2 + 1) {
                out += "<text x=\"\(number(x + step / 2))\" y=\"\(number(height - 10))\" text-anchor=\"middle\" font-size=\"11\">\(escape(d.label))</text>"
            }
        }
        if !line.isEmpty {
            out += "<polyline points=\"\(line.joined(separator: " "))\" fill=\"none\" stroke=\"\(palette[0])\" stroke-width=\"2\"/>"
            out += "<text x=\"\(number(width - 4))\" y=\"\(number(top - 6))\" text-anchor=\"end\" font-size=\"11\">累计\(Int(total))\(escape(unit))</text>"
        }
        out += "<text x=\"\(number(left - 4))\" y=\"\(number(top + 4))\" text-anchor=\"end\" font-size=\"11\">\(Int(maxDay))</text>"
        return out + "</svg>"
    }
}
