import SQLKit

/// The places a user may see, as materialised tree paths (`/1/5/23/`): a record is in scope when its path
/// starts with one of them. Prefix tests run in SQL as index range scans (`path >= lo AND path < hi`).
public struct PlaceScope: Sendable, Equatable {
    public let paths: [String]
    public init(paths: [String]) {
        // A path inside another adds nothing.
        let sorted = Set(paths).sorted()
        self.paths = sorted.filter { p in !sorted.contains { $0 != p && p.hasPrefix($0) } }
    }
    public static let nothing = PlaceScope(paths: [])

    public func contains(_ path: String) -> Bool { paths.contains { path.hasPrefix($0) } }
    /// Whether the place at `path` is in scope or holds a place that is: a subdistrict-wide campaign, a compound
    /// around a building-group leader's building.
    public func overlaps(_ path: String) -> Bool { contains(path) || paths.contains { $0.hasPrefix(path) } }
    public var isEmpty: Bool { paths.isEmpty }

    /// The half-open range of paths under `path`: every such path sorts between `/a/b/` and `/a/b0`,
    /// since `0` follows `/` in byte order.
    public static func range(under path: String) -> (lower: String, upper: String) {
        (path, String(path.dropLast()) + "0")
    }

    /// `(col >= lo AND col < hi) OR …`, or a predicate that matches nothing for an empty scope.
    public func predicate(_ column: String, table: String? = nil) -> any SQLExpression {
        let col: any SQLExpression = table.map { SQLColumn(column, table: $0) } ?? SQLColumn(column)
        guard !paths.isEmpty else { return SQLRaw("1 = 0") }
        let ranges: [any SQLExpression] = paths.map { path in
            let (lo, hi) = Self.range(under: path)
            return SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(col, .greaterThanOrEqual, SQLBind(lo)), .and,
                SQLBinaryExpression(col, .lessThan, SQLBind(hi))))
        }
        return SQLGroupExpression(ranges.dropFirst().reduce(ranges[0]) { SQLBinaryExpression($0, .or, $1) })
    }

    /// The ids along a path, root first: `/1/5/23/` → [1, 5, 23].
    public static func ids(in path: String) -> [Int] { path.split(separator: "/").compactMap { Int($0) } }
}

import Fluent

extension QueryBuilder {
    /// Keeps the records whose tree path lies within `scope`.
    @discardableResult
    public func within(_ scope: PlaceScope, _ path: KeyPath<Model, FieldProperty<Model, String>>) -> Self {
        guard !scope.isEmpty else { return filter(.sql(unsafeRaw: "1 = 0")) }
        return group(.or) { or in
            for p in scope.paths {
                let (lo, hi) = PlaceScope.range(under: p)
                or.group(.and) { $0.filter(path >= lo).filter(path < hi) }
            }
        }
    }
}
