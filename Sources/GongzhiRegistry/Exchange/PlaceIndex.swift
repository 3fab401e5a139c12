import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// The places within a scope held in memory for a bulk job: names along each path for export,
/// and dwellings by their address for import.
struct PlaceIndex {
    struct Entry: RowDecodable {
        let id: Int; let parentID: Int?; let kind: String; let name: String; let code: String?; let path: String
        static let columns = ["id", "parent_id", "kind", "name", "code", "path"]
        init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int.self)
            parentID = try row.decode(optional: "parent_id", as: Int.self)
            kind = try row.decode(column: "kind", as: String.self)
            name = try row.decode(column: "name", as: String.self)
            code = try row.decode(optional: "code", as: String.self)
            path = try row.decode(column: "path", as: String.self)
        }
    }
    /// The places within the scope.
    let byID: [Int: Entry]
    /// The places above the scope (a building-group leader's community and compound): named in addresses, never written to.
    var above: [Int: Entry] = [:]

    static func load(_ scope: PlaceScope, on db: any Database) async throws -> PlaceIndex {
        let rows = try await db.sql.select().columns(of: Entry.self, in: Place.schema).where(scope.predicate("path")).rows(Entry.self)
        var index = PlaceIndex(byID: Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) }))
        let ancestors = Set(scope.paths.flatMap { PlaceScope.ids(in: $0).dropLast() }).subtracting(index.byID.keys)
        if !ancestors.isEmpty {
            let rows = try await db.sql.select().columns(of: Entry.self, in: Place.schema)
                .where(SQLColumn("id"), .in, SQLBind.group(Array(ancestors))).rows(Entry.self)
            index.above = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        }
        return index
    }

    func entry(_ id: Int) -> Entry? { byID[id] ?? above[id] }

    /// The names along `path` by kind: community, compound, building, entrance, floor, dwelling.
    func names(along path: String) -> [PlaceKind: String] {
        var names: [PlaceKind: String] = [:]
        for id in PlaceScope.ids(in: path) {
            if let e = entry(id), let kind = PlaceKind(rawValue: e.kind) { names[kind] = e.name }
        }
        return names
    }

    /// A dwelling found by its address, with its community (whose code begins every new household code there).
    struct Dwelling: Sendable { let entry: Entry; let community: Entry? }

    /// Dwellings keyed by `社区/楼院/楼栋/单元/房屋`. The levels above a dwelling are looked up once per place, not once per dwelling.
    func dwellingsByAddress() -> [TextKey: Dwelling] {
        let levels: [PlaceKind] = [.community, .compound, .building, .entrance]
        var above: [Int: [Entry?]] = [:]
        func levelsAbove(_ id: Int?) -> [Entry?] {
            guard let id, let e = entry(id) else { return [nil, nil, nil, nil] }
            if let known = above[id] { return known }
            var entries = levelsAbove(e.parentID)
            if let kind = PlaceKind(rawValue: e.kind), let level = levels.firstIndex(of: kind) { entries[level] = e }
            above[id] = entries
            return entries
        }
        var result: [TextKey: Dwelling] = [:]
        for e in byID.values where e.kind == PlaceKind.dwelling.rawValue {
            let n = levelsAbove(e.parentID)
            result[TextKey(Self.address(n[0]?.name, n[1]?.name, n[2]?.name, n[3]?.name, e.name))] = Dwelling(entry: e, community: n[0])
        }
        return result
    }

    static func address(_ parts: String?...) -> String { parts.map { $0 ?? "" }.joined(separator: "/") }

    /// Names that exist at each level, to say which part of an unknown address is wrong.
    func knownNames(_ kind: PlaceKind) -> Set<String> { Set((Array(byID.values) + above.values).filter { $0.kind == kind.rawValue }.map(\.name)) }
}
