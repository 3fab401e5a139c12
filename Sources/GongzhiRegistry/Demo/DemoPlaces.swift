import GongzhiCore
import GongzhiKit

/// The demo place tree, built in memory with explicit ids so paths are known before anything is written.
struct DemoPlaces {
    struct Node {
        let id: Int, parentID: Int?, kind: PlaceKind, name: String, code: String?, path: String, depth: Int, sortOrder: Int
        var area: Double? = nil
        var managementType: ManagementType? = nil
        var propertyCompanyID: Int? = nil
        var coveringPartyOrgID: Int? = nil
        var renovationStatus: String? = nil
        var geometry: String? = nil
    }

    var nodes: [Node] = []
    /// Per community index: its dwellings (id, path, community code) in tree order.
    var dwellings: [[Node]] = []
    var communities: [Node] = []
    var compoundsByCommunity: [[Node]] = []
    var buildings: [(node: Node, compound: Node, community: Int)] = []
    var ownerless: [(community: Int, index: Int, node: Node)] = []
    /// The office building of 楼宇党建 (河南合作大厦): a compound and its one building, no dwellings; the units it
    /// houses and their party organisations are placed there.
    var tower: Node?
    private var nextID = 1

    mutating func add(_ parent: Node?, _ kind: PlaceKind, _ name: String, code: String? = nil, sort: Int) -> Node {
        let id = nextID; nextID += 1
        let node = Node(id: id, parentID: parent?.id, kind: kind, name: name, code: code,
                        path: (parent?.path ?? "/") + "\(id)/", depth: (parent?.depth ?? -1) + 1, sortOrder: sort)
        nodes.append(node)
        return node
    }

    mutating func update(_ node: Node, _ change: (inout Node) -> Void) -> Node {
        let index = node.id - 1
        change(&nodes[index])
        return nodes[index]
    }

    /// Buildings per community in proportion to population, summing to the plan's total.
    static func buildingsPerCommunity() -> [Int] {
        var counts = DemoPlan.population.map { Int((Double(DemoPlan.buildings) * Double($0) / Double(DemoPlan.total)).rounded(.down)) }
        var i = 0
        while counts.reduce(0, +) < DemoPlan.buildings { counts[i % counts.count] += 1; i += 1 }
        return counts
    }

    /// A schematic map: 5 × 2 cells whose inner corners are jittered, so neighbours share their edges.
    static func cellPolygons(seed: UInt64) -> [String] {
        var rng = DemoRandom(seed: seed)
        let cols = 5, rows = 2
        var corners = [[(Double, Double)]](repeating: [], count: rows + 1)
        for r in 0...rows {
            for c in 0...cols {
                let jx = (c > 0 && c < cols) ? Double(rng.int(-40...40)) : 0
                let jy = (r > 0 && r < rows) ? Double(rng.int(-50...50)) : 0
                corners[r].append((20 + Double(c) * 192 + jx, 20 + Double(r) * 280 + jy))
            }
        }
        var polygons: [String] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let points = [corners[r][c], corners[r][c + 1], corners[r + 1][c + 1], corners[r + 1][c]]
                polygons.append(points.map { "\(Int($0.0)),\(Int($0.1))" }.joined(separator: " "))
            }
        }
        return polygons
    }
}
