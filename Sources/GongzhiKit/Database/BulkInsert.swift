import Fluent
import SQLKit
import FluentSQLiteDriver

/// A value the bulk paths write: on SQLite it goes to the statement as it is, without an encoder.
public protocol BulkValue: Encodable, Sendable {
    var sqliteValue: SQLiteData { get }
}

extension String: BulkValue { public var sqliteValue: SQLiteData { .text(self) } }
extension Int: BulkValue { public var sqliteValue: SQLiteData { .integer(self) } }
extension Double: BulkValue { public var sqliteValue: SQLiteData { .float(self) } }
extension Bool: BulkValue { public var sqliteValue: SQLiteData { .integer(self ? 1 : 0) } }
extension Optional: BulkValue where Wrapped: BulkValue {
    public var sqliteValue: SQLiteData { self?.sqliteValue ?? .null }
}

/// Multi-row `INSERT … VALUES (…), (…)` in chunks under both databases' bound-parameter limits.
/// The bulk paths (demo load, imports) use it; ordinary writes go through Fluent.
public struct BulkInsert: Sendable {
    public let table: String
    public let columns: [String]
    public private(set) var rows: [[any BulkValue]] = []

    public init(_ table: String, columns: [String]) { self.table = table; self.columns = columns }

    public mutating func append(_ row: [any BulkValue]) {
        precondition(row.count == columns.count, "row of \(row.count) values for \(columns.count) columns of \(table)")
        rows.append(row)
    }

    /// Writes every appended row; call inside a transaction so a failure leaves nothing behind.
    /// `returning`: columns of the new rows to read back (for instance the ids given to them, with a key to match them by).
    @discardableResult
    public func run(on db: any Database, returning: [String] = []) async throws -> [any SQLRow] {
        let perStatement = max(1, 30_000 / columns.count)
        var result: [any SQLRow] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            if let sqlite = db as? any SQLiteDatabase {
                result += try await runSQLite(rows[start..<end], returning: returning, on: sqlite)
            } else {
                let insert = db.sql.insert(into: table).columns(columns)
                for row in rows[start..<end] { insert.values(row.map { SQLBind($0) }) }
                if returning.isEmpty { try await insert.run() } else { result += try await insert.returning(returning.map { SQLColumn($0) }).all() }
            }
            start = end
        }
        return result
    }

    /// Inserts one row per item, in statements of the bulk size, where making a row costs CPU (sealing personal data):
    /// the rows of the next statement are made on another core while the database writes the current one.
    public static func pipelined<T: Sendable>(_ items: [T], into table: String, columns: [String], on db: any Database,
                                              row: @escaping @Sendable (T) -> [any BulkValue]) async throws {
        let perStatement = max(1, 30_000 / columns.count)
        let chunks = stride(from: 0, to: items.count, by: perStatement).map { items[$0..<min(items.count, $0 + perStatement)] }
        guard let first = chunks.first else { return }
        func making(_ chunk: ArraySlice<T>) -> Task<BulkInsert, Never> {
            Task.detached {
                var insert = BulkInsert(table, columns: columns)
                for item in chunk { insert.append(row(item)) }
                return insert
            }
        }
        var next = making(first)
        for index in chunks.indices {
            let insert = await next.value
            if index + 1 < chunks.count { next = making(chunks[index + 1]) }
            try await insert.run(on: db)
        }
    }

    /// SQLite straight through SQLiteNIO: SQLKit's generic bind path (an encoder per value) cost more than the insert itself.
    private func runSQLite(_ chunk: ArraySlice<[any BulkValue]>, returning: [String], on sqlite: any SQLiteDatabase) async throws -> [any SQLRow] {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        var sql = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
            + Array(repeating: tuple, count: chunk.count).joined(separator: ",")
        if !returning.isEmpty { sql += " RETURNING " + returning.map { "\"\($0)\"" }.joined(separator: ",") }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(chunk.count * columns.count)
        for row in chunk { for value in row { binds.append(value.sqliteValue) } }
        return try await sqlite.query(sql, binds)
    }
}

extension Database {
    /// A transaction for a bulk job that checks stored records and then writes: it first moves the data revision
    /// `revision` on, which on SQLite takes the write lock, so what the job checked cannot change before it
    /// writes (a deferred read-then-write transaction could fail when another writer got in between). On SQLite its
    /// connection also gets a page cache large enough for the tables' indexes, and statement journals in memory;
    /// both go back to the defaults before the connection returns to the pool.
    public func bulkTransaction<T: Sendable>(revision: String, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard self is any SQLiteDatabase else {
            return try await transaction { db in try await DataRevision.bump(revision, on: db); return try await body(db) }
        }
        return try await transaction { db in
            try await DataRevision.bump(revision, on: db)
            try await db.sql.raw("PRAGMA cache_size = -262144").run()
            try await db.sql.raw("PRAGMA temp_store = MEMORY").run()
            do {
                let result = try await body(db)
                try await db.resetBulkPragmas()
                return result
            } catch {
                try? await db.resetBulkPragmas()
                throw error
            }
        }
    }

    private func resetBulkPragmas() async throws {
        try await sql.raw("PRAGMA cache_size = -2000").run()
        try await sql.raw("PRAGMA temp_store = DEFAULT").run()
    }
}
