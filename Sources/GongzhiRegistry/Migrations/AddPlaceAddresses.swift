import Fluent
import GongzhiCore
import SQLKit

/// Each place keeps its address (the names from its community down to it), so lists of residents show where they
/// live without reading every place above them on every page.
struct AddPlaceAddresses: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Place.schema).field("address", .string, .required, .sql(.default(""))).update()
        struct Row: Decodable { let id: Int; let parent_id: Int?; let kind: String; let name: String }
        let rows = try await db.sql.select().columns("id", "parent_id", "kind", "name").from(Place.schema).orderBy("depth").orderBy("id")
            .all(decoding: Row.self)
        var addresses: [Int: String] = [:]
        for row in rows {
            addresses[row.id] = PlaceAddress.extend(row.parent_id.flatMap { addresses[$0] } ?? "", name: row.name, kind: PlaceKind(rawValue: row.kind) ?? .dwelling)
        }
        let computed = addresses
        try await db.transaction { db in
            for (id, address) in computed where !address.isEmpty {
                try await db.sql.update(Place.schema).set("address", to: SQLBind(address)).where("id", .equal, SQLBind(id)).run()
            }
        }
    }
    func revert(on db: any Database) async throws { try await db.schema(Place.schema).deleteField("address").update() }
}

/// How an address reads: community, compound, building, entrance, dwelling; the subdistrict and floors are left out.
enum PlaceAddress {
    static func extend(_ parent: String, name: String, kind: PlaceKind) -> String {
        switch kind {
        case .subdistrict: ""
        case .floor: parent
        default: parent.isEmpty ? name : parent + " " + name
        }
    }
}
