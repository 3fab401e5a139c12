import Fluent
import GongzhiKit
import SQLKit

/// Keeps the pinyin sort key of each name beside it: on every Fluent write of a resident, a unit or a member. Rows
/// written in bulk (the demo, imports) carry their key in the insert; `fill` keys the rows of a database from before.
struct NameKeys: AnyModelMiddleware {
    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        switch event {
        case .create, .update:
            if let r = model as? Resident { r.nameKey = Collation.key(r.name) }
            else if let o = model as? Organization { o.nameKey = Collation.key(o.name) }
            else if let m = model as? PartyMember { m.nameKey = m.name.map(Collation.key) }
        default: break
        }
        return next.handle(event, model, on: db)
    }

    /// Sets the key of every named row of `table` whose key is missing or out of date, in batches.
    static func fill(_ table: String, on db: any Database) async throws {
        struct Row: Decodable { let id: Int; let name: String; let name_key: String? }
        var after = 0
        while true {
            let rows = try await db.sql.raw("""
                SELECT id, name, name_key FROM \(ident: table) WHERE id > \(bind: after) AND name IS NOT NULL ORDER BY id LIMIT 2000
                """).all(decoding: Row.self)
            guard let last = rows.last else { return }
            after = last.id
            let stale = rows.compactMap { row -> (Int, String)? in
                let key = Collation.key(row.name)
                return row.name_key == key ? nil : (row.id, key)
            }
            guard !stale.isEmpty else { continue }
            let cases = stale.map { "WHEN \($0.0) THEN '\($0.1)'" }.joined(separator: " ")
            let ids = stale.map { String($0.0) }.joined(separator: ",")
            try await db.sql.raw("UPDATE \(ident: table) SET name_key = CASE id \(unsafeRaw: cases) END WHERE id IN (\(unsafeRaw: ids))").run()
        }
    }
}
