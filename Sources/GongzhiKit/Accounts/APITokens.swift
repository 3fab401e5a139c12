import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Tokens for integrations (`Authorization: Bearer gz_…`), valid under `/api/` only. Each holds one business role
/// at one place, like a user's grant; it is shown once when made, stored as a SHA-256, and can be revoked.
/// Made and revoked by the security administrator; every write made with one is in the audit log under its name.
public enum APITokens {
    public static let table = "api_tokens"
    public static let prefix = "gz_"

    public struct Token: Decodable, Sendable {
        public let id: Int; public let name: String; public let role: String; public let place_id: Int; public let place_path: String
        public let created_at: Int; public let last_used_at: Int?; public let revoked_at: Int?
    }

    /// Makes a token and returns it in the clear, the only time it exists so.
    public static func create(name: String, role: Role, placeID: Int, placePath: String, by userID: Int, now: Date,
                              on db: any Database) async throws -> String {
        let token = prefix + SignInSessions.randomToken()
        try await db.sql.insert(into: table)
            .columns("name", "token_hash", "role", "place_id", "place_path", "created_by", "created_at")
            .values(SQLBind(name), SQLBind(SignInSessions.hash(token)), SQLBind(role.rawValue), SQLBind(placeID), SQLBind(placePath),
                    SQLBind(userID), SQLBind(Int(now.timeIntervalSince1970)))
            .run()
        return token
    }

    public static func revoke(_ id: Int, now: Date, on db: any Database) async throws {
        try await db.sql.update(table).set("revoked_at", to: SQLBind(Int(now.timeIntervalSince1970))).where("id", .equal, SQLBind(id))
            .where(SQLColumn("revoked_at"), .is, SQLLiteral.null).run()
    }

    public static func all(on db: any Database) async throws -> [Token] {
        try await db.sql.select().columns("id", "name", "role", "place_id", "place_path", "created_at", "last_used_at", "revoked_at")
            .from(table).orderBy("id", .descending).all(decoding: Token.self)
    }

    /// The caller a live token stands for: its name as the user, its one grant.
    static func caller(bearer token: String, now: Date, on db: any Database) async throws -> CurrentUser? {
        guard token.hasPrefix(prefix), let row = try await db.sql.select()
            .columns("id", "name", "role", "place_id", "place_path", "created_at", "last_used_at", "revoked_at").from(table)
            .where("token_hash", .equal, SQLBind(SignInSessions.hash(token))).first(decoding: Token.self),
              row.revoked_at == nil, let role = Role(rawValue: row.role) else { return nil }
        let seconds = Int(now.timeIntervalSince1970)
        if seconds - (row.last_used_at ?? 0) >= SignInSessions.touchInterval {
            try await db.sql.update(table).set("last_used_at", to: SQLBind(seconds)).where("id", .equal, SQLBind(row.id)).run()
        }
        // Negative ids keep tokens apart from user accounts (no account pages, no password, no sessions).
        return CurrentUser(id: -row.id, username: "api:\(row.name)", displayName: row.name,
                           grants: [.init(role: role, placeID: row.place_id, placePath: row.place_path)],
                           mustChangePassword: false, hasSecondFactor: true)
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(APITokens.table)
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("token_hash", .string, .required).unique(on: "token_hash")
            .field("role", .string, .required)
            .field("place_id", .int, .required)
            .field("place_path", .string, .required)
            .field("created_by", .int, .required, .references(User.schema, .id))
            .field("created_at", .int, .required)
            .field("last_used_at", .int)
            .field("revoked_at", .int)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(APITokens.table).delete() }
}
