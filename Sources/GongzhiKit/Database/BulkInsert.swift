import Fluent
import SQLKit

/// Multi-row `INSERT … VALUES (…), (…)` in chunks under both databases' bound-parameter limits.
/// The bulk paths (demo load, imports) use it; ordinary writes go through Fluent.
public struct BulkInsert: Sendable {
    public let table: String
    public let columns: [String]
    public private(set) var rows: [[any Encodable & Sendable]] = []

    public init(_ table: String, columns: [String]) { self.table = table; self.columns = columns }

    public mutating func append(_ row: [any Encodable & Sendable]) {
        precondition(row.count == columns.count, "row of \(row.count) values for \(columns.count) columns of \(table)")
        rows.append(row)
    }

    /// Writes every appended row; call inside a transaction so a failure leaves nothing behind.
    public func run(on db: any Database) async throws {
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let insert = db.sql.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
            start = end
        }
    }
}
