import Fluent
import FluentSQLiteDriver
import SQLKit

extension Database {
    /// `SELECT columns FROM table WHERE column IN (keys)` for any number of keys, in chunks under the bind limits.
    /// Bulk jobs ask this of tens of thousands of keys; on SQLite the keys go to the statement without SQLKit's encoder.
    /// Sorted keys make each chunk probe neighbouring index pages.
    public func rows(_ columns: [String], from table: String, where column: String, in keys: [some BulkValue]) async throws -> [any SQLRow] {
        var result: [any SQLRow] = []
        for chunk in keys.chunked(1_000) {
            if let sqlite = self as? any SQLiteDatabase {
                let sql = "SELECT " + columns.map { "\"\($0)\"" }.joined(separator: ",") + " FROM \"\(table)\" WHERE \"\(column)\" IN ("
                    + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")"
                result += try await sqlite.query(sql, chunk.map(\.sqliteValue)) as [any SQLRow]
            } else {
                result += try await sql.select().columns(columns.map { SQLColumn($0) }).from(table)
                    .where(SQLColumn(column), .in, SQLBind.group(Array(chunk))).all()
            }
        }
        return result
    }
}
