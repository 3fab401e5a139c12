@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit

/// One thing that happened: who (user, their roles and places), what (action, target), how it ended, from where.
public struct AuditEvent: Sendable {
    public var userID: Int?
    public var username: String?
    public var roles: String
    public var places: String
    public var action: String
    public var target: String
    public var result: String
    public var address: String?
    public var detail: String?

    public init(user: CurrentUser?, username: String? = nil, action: String, target: String, result: String,
                address: String?, detail: String? = nil) {
        userID = user?.id
        self.username = user?.username ?? username
        roles = user.map { $0.grants.map(\.role.rawValue).joined(separator: ",") } ?? ""
        places = user.map { $0.grants.map(\.placePath).joined(separator: ",") } ?? ""
        self.action = action; self.target = target; self.result = result; self.address = address; self.detail = detail
    }
}

/// The audit log (审计日志): append-only, each entry chained to the one before by an HMAC under a key from
/// configuration, so an entry edited or deleted in the database, even by someone who can write to it, is found by
/// `verify`. Entry numbers are consecutive; the chain's head (last number and hash) is kept in its own row.
public enum AuditLog {
    static let table = "audit_entries"
    static let head = "audit_head"

    /// Appends `event`. The head row is updated first, so concurrent writers (on any app server) queue on its lock.
    public static func record(_ event: AuditEvent, at time: Date, key: SymmetricKey, on db: any Database) async throws {
        try await db.transaction { db in
            try await db.sql.raw("UPDATE \(ident: head) SET seq = seq + 1 WHERE id = 1").run()
            struct Head: Decodable { let seq: Int; let hash: String }
            guard let current = try await db.sql.raw("SELECT seq, hash FROM \(ident: head) WHERE id = 1").first(decoding: Head.self) else {
                throw AppError.internalInconsistency("审计日志缺少链头")
            }
            let entry = AuditEntry(id: current.seq, at: Int(time.timeIntervalSince1970 * 1000), event: event, keyID: keyID(key),
                                   previousHash: current.hash)
            let hash = entry.expectedHash(key: key)
            try await db.sql.insert(into: table)
                .columns("id", "at", "user_id", "username", "roles", "places", "action", "target", "result", "address", "detail",
                         "key_id", "prev_hash", "hash")
                .values(SQLBind(entry.id), SQLBind(entry.at), SQLBind(event.userID), SQLBind(event.username), SQLBind(event.roles),
                        SQLBind(event.places), SQLBind(event.action), SQLBind(event.target), SQLBind(event.result), SQLBind(event.address),
                        SQLBind(event.detail), SQLBind(entry.keyId), SQLBind(entry.prevHash), SQLBind(hash))
                .run()
            try await db.sql.update(head).set("hash", to: SQLBind(hash)).where("id", .equal, SQLBind(1)).run()
        }
    }

    /// Names the key an entry was chained with, so entries made before a key rotation still verify.
    static func keyID(_ key: SymmetricKey) -> String {
        key.withUnsafeBytes { SHA256.hash(data: Data($0)) }.prefix(4).hex
    }

    /// The HMAC key for the chain, derived from the configured master key.
    public static func key(from master: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("gongzhi/audit".utf8), outputByteCount: 32)
    }
}

/// A stored entry.
public struct AuditEntry: Sendable, Decodable {
    public let id: Int
    public let at: Int
    public let userId: Int?
    public let username: String?
    public let roles: String
    public let places: String
    public let action: String
    public let target: String
    public let result: String
    public let address: String?
    public let detail: String?
    public let keyId: String
    public let prevHash: String
    public let hash: String

    enum CodingKeys: String, CodingKey {
        case id, at, userId = "user_id", username, roles, places, action, target, result, address, detail, keyId = "key_id"
        case prevHash = "prev_hash", hash
    }

    init(id: Int, at: Int, event: AuditEvent, keyID: String, previousHash: String) {
        self.id = id; self.at = at; userId = event.userID; username = event.username; roles = event.roles; places = event.places
        action = event.action; target = event.target; result = event.result; address = event.address; detail = event.detail
        keyId = keyID; prevHash = previousHash; hash = ""
    }

    /// HMAC-SHA256 over every field and the previous entry's hash, hex.
    func expectedHash(key: SymmetricKey) -> String {
        let fields: [String] = [String(id), String(at), userId.map(String.init) ?? "", username ?? "", roles, places, action, target,
                                result, address ?? "", detail ?? "", keyId, prevHash]
        return HMAC<SHA256>.authenticationCode(for: Data(fields.joined(separator: "\u{1F}").utf8), using: key).hex
    }

    public var time: Date { Date(timeIntervalSince1970: Double(at) / 1000) }
}

struct CreateAuditLog: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditLog.table)
            .field("id", .int, .identifier(auto: false))
            .field("at", .int, .required)
            .field("user_id", .int)
            .field("username", .string)
            .field("roles", .string, .required)
            .field("places", .string, .required)
            .field("action", .string, .required)
            .field("target", .string, .required)
            .field("result", .string, .required)
            .field("address", .string)
            .field("detail", .string)
            .field("key_id", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await db.createIndex(AuditLog.table, "at")
        try await db.createIndex(AuditLog.table, "user_id")
        try await db.schema(AuditLog.head).field("id", .int, .identifier(auto: false)).field("seq", .int, .required)
            .field("hash", .string, .required).create()
        try await db.sql.insert(into: AuditLog.head).columns("id", "seq", "hash").values(SQLBind(1), SQLBind(0), SQLBind("")).run()
        // The application never changes or removes an entry; the database refuses it too.
        if db.isPostgres {
            try await db.sql.raw("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$
                """).run()
        }
        try await AppendOnlyGuard.create(on: db)
    }
    func revert(on db: any Database) async throws {
        try await db.schema(AuditLog.head).delete()
        try await db.schema(AuditLog.table).delete()
        if db.isPostgres { try await db.sql.raw("DROP FUNCTION IF EXISTS audit_entries_append_only()").run() }
    }
}
