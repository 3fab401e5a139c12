import Fluent
import Foundation
import SQLKit

/// Re-seals a table's sealed columns under the current key (and re-hashes the searchable one), in batches, while
/// servers keep running: each row is written only if it is still as it was read, so a concurrent edit (already
/// sealed under the current key) is never overwritten. Rows already current are skipped, so a run can be repeated.
public enum KeyRotation {
    public struct Columns: Sendable {
        public let table: String
        public let sealed: [String]
        /// The column holding the search hash of the first sealed column, if any.
        public let hash: String?
        public init(table: String, sealed: [String], hash: String? = nil) { self.table = table; self.sealed = sealed; self.hash = hash }
    }

    /// Returns how many rows were re-sealed.
    public static func reseal(_ columns: Columns, vault: PersonalDataVault, batch: Int = 1_000, on db: any Database) async throws -> Int {
        var after = 0, changed = 0
        while true {
            let rows = try await db.sql.select().column("id").columns(columns.sealed.map { SQLColumn($0) }).from(columns.table)
                .where("id", .greaterThan, SQLBind(after)).orderBy("id").limit(batch).all()
            guard let last = rows.last else { break }
            changed += try await db.transaction { db in
                var changed = 0
                for row in rows {
                    let old = try columns.sealed.map { try row.decode(optional: $0, as: String.self) }
                    guard old.contains(where: { $0.map { !vault.isCurrent($0) } ?? false }) else { continue }
                    let plain = try old.map { try $0.map(vault.open) }
                    let update = db.sql.update(columns.table).where("id", .equal, SQLBind(try row.decode(column: "id", as: Int.self)))
                    for (column, (value, before)) in zip(columns.sealed, zip(plain, old)) {
                        update.set(column, to: SQLBind(value.map(vault.seal)))
                        if let before { update.where(SQLColumn(column), .equal, SQLBind(before)) } else { update.where(SQLColumn(column), .is, SQLLiteral.null) }
                    }
                    if let hash = columns.hash, let value = plain[0] { update.set(hash, to: SQLBind(vault.searchHash(value))) }
                    try await update.run()
                    changed += 1
                }
                return changed
            }
            after = try last.decode(column: "id", as: Int.self)
        }
        return changed
    }

    /// Kit's own sealed columns: authenticator secrets.
    public static let accounts = Columns(table: User.schema, sealed: ["totp_secret", "totp_pending_secret"])
}
