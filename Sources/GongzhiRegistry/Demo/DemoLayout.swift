import GongzhiCore

/// A plausible schematic of the demo's compounds and buildings inside each community's cell, in the same
/// 1000×600 plane as the communities (a real subdistrict imports its GIS outlines instead): compounds on a grid in
/// the largest box the cell holds, buildings as slabs in rows inside each compound.
extension DemoPlaces {
    mutating func layOut() {
        let children = Dictionary(grouping: nodes, by: \.parentID)
        for community in communities {
            guard let cell = community.geometry.map(Self.points), cell.count == 4 else { continue }
            // The box inside the cell's four corners (top-left, top-right, bottom-right, bottom-left), inset.
            let (tl, tr, br, bl) = (cell[0], cell[1], cell[2], cell[3])
            let box = (x0: max(tl.0, bl.0) + 10, y0: max(tl.1, tr.1) + 26, x1: min(tr.0, br.0) - 10, y1: min(bl.1, br.1) - 10)
            let compounds = (children[community.id] ?? []).filter { $0.kind == .compound }.sorted { $0.sortOrder < $1.sortOrder }
            guard !compounds.isEmpty, box.x1 > box.x0, box.y1 > box.y0 else { continue }
            let cols = Int(Double(compounds.count).squareRoot().rounded(.up))
            let rows = (compounds.count + cols - 1) / cols
            let w = (box.x1 - box.x0) / Double(cols), h = (box.y1 - box.y0) / Double(rows)
            for (i, compound) in compounds.enumerated() {
                let x = box.x0 + Double(i % cols) * w + 2, y = box.y0 + Double(i / cols) * h + 2
                let (cw, ch) = (w - 4, h - 4)
                _ = update(compound) { $0.geometry = Self.rectangle(x, y, cw, ch) }
                let buildings = (children[compound.id] ?? []).filter { $0.kind == .building }.sorted { $0.sortOrder < $1.sortOrder }
                guard !buildings.isEmpty else { continue }
                let bcols = Int(Double(buildings.count).squareRoot().rounded(.up)), brows = (buildings.count + bcols - 1) / bcols
                let bw = (cw - 4) / Double(bcols), bh = (ch - 4) / Double(brows)
                for (j, building) in buildings.enumerated() {
                    _ = update(building) {
                        $0.geometry = Self.rectangle(x + 2 + Double(j % bcols) * bw + bw * 0.15, y + 2 + Double(j / bcols) * bh + bh * 0.3, bw * 0.7, bh * 0.4)
                    }
                }
            }
        }
    }

    static func points(_ text: String) -> [(Double, Double)] {
        text.split(separator: " ").compactMap { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
    }

    static func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> String {
        let f = { (v: Double) in String(format: "%.1f", v) }
        return "\(f(x)),\(f(y)) \(f(x + w)),\(f(y)) \(f(x + w)),\(f(y + h)) \(f(x)),\(f(y + h))"
    }
}
