import Fluent
import Foundation
import SQLKit

extension AuditLog {
    /// Removes entries older than `days` (never fewer than 180), oldest first, and keeps the chain verifiable: the head
    /// row remembers the last removed entry's number and hash, and `verify` starts from there. Returns how many went.
    public static func prune(olderThan days: Int, now: Date, on db: any Database) async throws -> Int {
        let cutoff = Int((now.timeIntervalSince1970 - Double(max(days, 180)) * 86_400) * 1000)
        struct Last: Decodable { let id: Int; let hash: String }
        return try await db.transaction { db in
            guard let last = try await db.sql.select().columns("id", "hash").from(table).where("at", .lessThan, SQLBind(cutoff))
                .orderBy("id", .descending).limit(1).first(decoding: Last.self) else { return 0 }
            struct Count: Decodable { let n: Int }
            let count = try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE id <= \(bind: last.id)").first(decoding: Count.self)?.n ?? 0
            // The append-only guard is lifted for this one statement, inside the same transaction.
            try await AppendOnlyGuard.drop(on: db)
            try await db.sql.delete(from: table).where("id", .lessThanOrEqual, SQLBind(last.id)).run()
            try await AppendOnlyGuard.create(on: db)
            try await db.sql.update(head).set("pruned_through", to: SQLBind(last.id)).set("pruned_hash", to: SQLBind(last.hash))
                .where("id", .equal, SQLBind(1)).run()
            return count
        }
    }
}

/// The database-level refusal to change or delete an audit entry (triggers; PostgreSQL and SQLite spell them differently).
enum AppendOnlyGuard {
    static func create(on db: any Database) async throws {
        if db.isPostgres {
            try await db.sql.raw("CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()").run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await db.sql.raw("""
                    CREATE TRIGGER audit_entries_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
                    """).run()
            }
        }
    }

    static func drop(on db: any Database) async throws {
        if db.isPostgres { try await db.sql.raw("DROP TRIGGER audit_entries_append_only ON audit_entries").run() }
        else { for name in ["audit_entries_no_update", "audit_entries_no_delete"] { try await db.sql.raw("DROP TRIGGER \(unsafeRaw: name)").run() } }
    }
}

struct AddAuditPruning: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditLog.head).field("pruned_through", .int, .required, .sql(.default(0))).update()
        try await db.schema(AuditLog.head).field("pruned_hash", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(AuditLog.head).deleteField("pruned_through").update()
        try await db.schema(AuditLog.head).deleteField("pruned_hash").update()
    }
}
