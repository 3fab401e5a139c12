import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// A counter per module that every write of that module's records moves on. Pages whose content is costly
/// to compute (the overview) cache it per revision: any app server sees a write at its next request, since
/// the counter lives in the shared database, and a cached page is never older than the last write.
public enum DataRevision {
    static let table = "data_revisions"

    public static func bump(_ name: String, on db: any Database) async throws {
        try await db.sql.insert(into: table).columns("name", "value").values(SQLBind(name), SQLBind(1))
            .onConflict(with: ["name"]) { $0.set("value", to: SQLRaw("\(table).value + 1")) }.run()
    }

    /// The sum of every module's counter: it moves whenever any module writes, so it keys what is computed from several.
    public static func total(on db: any Database) async throws -> Int {
        struct Row: Decodable { let total: Int? }
        // PostgreSQL sums integers as numeric; the cast keeps the answer an integer on both databases.
        return try await db.sql.select().column(SQLRaw("CAST(SUM(value) AS BIGINT)"), as: "total").from(table)
            .first(decoding: Row.self)?.total ?? 0
    }

    public static func current(_ name: String, on db: any Database) async throws -> Int {
        struct Row: Decodable { let value: Int }
        return try await db.sql.select().column("value").from(table).where("name", .equal, SQLBind(name)).first(decoding: Row.self)?.value ?? 0
    }
}

extension Model where Self: Sendable {
    /// Creates the record and moves its module's revision in one transaction, so figures cached from the
    /// module's records (the overview) follow at once on every server.
    public func create(on db: any Database, movingRevision revision: String) async throws {
        try await db.transaction { db in
            try await self.create(on: db)
            try await DataRevision.bump(revision, on: db)
        }
    }
}

/// Values computed from records, kept in memory while the revision they were computed at is current. Requests that
/// arrive while a value is being computed wait for that computation instead of starting their own: after a write,
/// a wall screen's worth of concurrent overview requests costs one computation, not one each.
public final class RevisionCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Entry { case ready(Value), computing(Task<Value, any Error>) }
    private let entries = NIOLockedValueBox([Key: (revision: Int, entry: Entry)]())
    public init() {}

    public func value(_ key: Key, revision: Int, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let found: Entry = entries.withLockedValue { entries in
            if let cached = entries[key], cached.revision == revision { return cached.entry }
            let task = Task { try await compute() }
            entries[key] = (revision, .computing(task))
            return .computing(task)
        }
        let task: Task<Value, any Error>
        switch found {
        case .ready(let value): return value
        case .computing(let computing): task = computing
        }
        do {
            let value = try await task.value
            entries.withLockedValue { entries in
                if let cached = entries[key], cached.revision == revision { entries[key] = (revision, .ready(value)) }
            }
            return value
        } catch {
            // A failed computation is not kept: the next request tries again.
            entries.withLockedValue { entries in if let cached = entries[key], cached.revision == revision, case .computing = cached.entry { entries[key] = nil } }
            throw error
        }
    }
}

struct CreateDataRevisions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DataRevision.table).field("name", .string, .identifier(auto: false)).field("value", .int, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema(DataRevision.table).delete() }
}
