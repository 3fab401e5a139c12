import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// The places within a scope held in memory for a bulk job: names along each path for export,
/// and dwellings by their address for import.
struct PlaceIndex {
    struct Entry: Decodable { let id: Int; let kind: String; let name: String; let code: String?; let path: String }
    let byID: [Int: Entry]

    static func load(_ scope: PlaceScope, on db: any Database) async throws -> PlaceIndex {
        let rows = try await db.sql.select().columns("id", "kind", "name", "code", "path").from(Place.schema)
            .where(scope.predicate("path")).all(decoding: Entry.self)
        return PlaceIndex(byID: Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) }))
    }

    /// The names along `path` by kind: community, compound, building, entrance, floor, dwelling.
    func names(along path: String) -> [PlaceKind: String] {
        var names: [PlaceKind: String] = [:]
        for id in PlaceScope.ids(in: path) {
            if let e = byID[id], let kind = PlaceKind(rawValue: e.kind) { names[kind] = e.name }
        }
        return names
    }

    func community(along path: String) -> Entry? {
        PlaceScope.ids(in: path).lazy.compactMap { byID[$0] }.first { $0.kind == PlaceKind.community.rawValue }
    }

    /// Dwellings keyed by `社区/楼院/楼栋/单元/房屋`.
    func dwellingsByAddress() -> [String: Entry] {
        var result: [String: Entry] = [:]
        for e in byID.values where e.kind == PlaceKind.dwelling.rawValue {
            let n = names(along: e.path)
            result[Self.address(n[.community], n[.compound], n[.building], n[.entrance], n[.dwelling])] = e
        }
        return result
    }

    static func address(_ parts: String?...) -> String { parts.map { $0 ?? "" }.joined(separator: "/") }

    /// Names that exist at each level, to say which part of an unknown address is wrong.
    func knownNames(_ kind: PlaceKind) -> Set<String> { Set(byID.values.filter { $0.kind == kind.rawValue }.map(\.name)) }
}
