import SQLKit

/// A row type read column by column with concrete types. List pages read hundreds of rows per request, and
/// SQLKit's `Decodable` path (a keyed container per row, a generic decoder per value) cost more than the query.
public protocol RowDecodable: Sendable {
    /// The columns to select, in the table of `from`.
    static var columns: [String] { get }
    init(row: any SQLRow) throws
}

extension SQLSelectBuilder {
    /// Selects `T.columns` of `table`, to be narrowed with `where`, `orderBy` and `limit`, then read with `rows`.
    public func columns<T: RowDecodable>(of type: T.Type, in table: String) -> SQLSelectBuilder {
        columns(T.columns.map { SQLColumn($0, table: table) }).from(table)
    }

    public func rows<T: RowDecodable>(_ type: T.Type) async throws -> [T] {
        try await all().map(T.init(row:))
    }
}

extension SQLRow {
    /// A text column read as a string-backed enum; an unknown value is an error naming the column.
    public func decode<E: RawRepresentable>(enum column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let raw = try decode(column: column, as: String.self)
        guard let value = E(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "column \(column): unknown value \(raw)"))
        }
        return value
    }

    public func decode<E: RawRepresentable>(optionalEnum column: String, as type: E.Type) throws -> E? where E.RawValue == String {
        try decode(optional: column, as: String.self).flatMap(E.init(rawValue:))
    }

    /// A nullable column. (Asking for `T?` directly sends SQLite's decoder down its JSON fallback.)
    public func decode<T: Decodable>(optional column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}
