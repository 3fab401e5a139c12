import Fluent
import FluentSQL
import SQLKit

extension DatabaseSchema.DataType {
    /// Text compared byte by byte, so prefix ranges (tree paths, the start of a name) are index range scans
    /// whatever the server's locale (PostgreSQL's default collation would sort `/` among letters).
    public static func byteOrderedText(on db: any Database) -> DatabaseSchema.DataType {
        db.isPostgres ? .sql(unsafeRaw: "TEXT COLLATE \"C\"") : .string
    }
}

extension Database {
    /// A plain (or unique) index; Fluent's schema builder makes only constraints.
    public func createIndex(_ table: String, _ columns: String..., unique: Bool = false) async throws {
        let builder = sql.create(index: "\(table)_\(columns.joined(separator: "_"))_idx").on(table)
        if unique { builder.unique() }
        for column in columns { builder.column(column) }
        try await builder.run()
    }

    /// Refreshes the planner's statistics after a bulk load, so it picks the narrow index for each query.
    public func analyze() async throws { try await sql.raw("ANALYZE").run() }
    /// Fresh planner statistics for the tables a bulk job changed.
    public func analyze(_ tables: [String]) async throws {
        for table in tables { try await sql.raw("ANALYZE \(ident: table)").run() }
    }

    /// After rows were inserted with explicit ids, PostgreSQL's identity must move past them.
    public func resetIdentity(_ table: String) async throws {
        guard isPostgres else { return }
        try await sql.raw("SELECT setval(pg_get_serial_sequence(\(unsafeRaw: "'\(table)'"), 'id'), COALESCE((SELECT MAX(id) FROM \(unsafeRaw: table)), 0) + 1, false)").run()
    }
}
