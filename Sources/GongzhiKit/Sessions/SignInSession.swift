import Crypto
import Fluent
import Foundation
import GongzhiCore
import SQLKit
import Vapor

/// A signed-in browser, stored in the database so any app server can answer it.
///
/// The cookie holds a random token; the table holds only its SHA-256, so a copy of the database
/// signs nobody in. Each session carries its own CSRF token. Read with SQLKit in one query with
/// the user and roles, because it runs on every request.
public enum SignInSessions {
    public static let table = "sign_in_sessions"
    public static let cookieName = "gongzhi_session"
    /// How often `seen_at` is written: idle time is measured to the minute, not per request.
    static let touchInterval = 60

    public struct Loaded: Sendable {
        public let sessionID: Int
        public let user: CurrentUser
        public let csrfToken: String
        /// The password was right but the one-time code is still due: the user is not signed in yet.
        public let pending: Bool
    }
    /// How long the one-time code may take after the password.
    static let pendingSeconds = 300

    /// Starts a session for `userID` and returns the token for the cookie.
    public static func start(userID: Int, address: String?, pending: Bool, now: Date, on db: any Database) async throws -> (token: String, csrf: String) {
        let token = randomToken(), csrf = randomToken(), now = Int(now.timeIntervalSince1970)
        try await db.sql.insert(into: table)
            .columns("token_hash", "user_id", "csrf_token", "created_at", "seen_at", "address", "pending")
            .values(SQLBind(hash(token)), SQLBind(userID), SQLBind(csrf), SQLBind(now), SQLBind(now), SQLBind(address), SQLBind(pending))
            .run()
        return (token, csrf)
    }

    /// The live session behind `token`, with its user and roles; nil when unknown, idle too long or too old
    /// (an expired row is deleted on the way).
    public static func load(token: String, config: AppConfig, now: Date, on db: any Database) async throws -> Loaded? {
        struct Row: Decodable {
            let session_id: Int; let user_id: Int; let csrf_token: String; let created_at: Int; let seen_at: Int; let pending: Bool
            let username: String; let display_name: String; let password_changed_at: Date; let must_change_password: Bool; let has_totp: Int
            let role: String?; let place_id: Int?; let place_path: String?; let person_kind: String?; let person_id: Int?
        }
        let rows = try await db.sql.raw("""
            SELECT s.id AS session_id, s.user_id, s.csrf_token, s.created_at, s.seen_at, s.pending, u.username, u.display_name,
                   u.password_changed_at, u.must_change_password, CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END AS has_totp,
                   r.role, r.place_id, r.place_path, u.person_kind, u.person_id
            FROM \(ident: table) s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id
            WHERE s.token_hash = \(bind: hash(token)) AND u.active = \(SQLLiteral.boolean(true))
            """).all(decoding: Row.self)
        guard let first = rows.first else { return nil }
        let seconds = Int(now.timeIntervalSince1970)
        if seconds - first.seen_at > config.sessionIdleMinutes * 60 || seconds - first.created_at > config.sessionMaxHours * 3600
            || first.pending && seconds - first.created_at > pendingSeconds {
            try await end(sessionID: first.session_id, on: db)
            return nil
        }
        if seconds - first.seen_at >= touchInterval {
            try await db.sql.update(table).set("seen_at", to: SQLBind(seconds)).where("id", .equal, SQLBind(first.session_id)).run()
        }
        let grants = rows.compactMap { r in
            r.role.flatMap(Role.init(rawValue:)).flatMap { role in
                r.place_id.flatMap { id in r.place_path.map { CurrentUser.Grant(role: role, placeID: id, placePath: $0) } }
            }
        }
        let mustChange = first.must_change_password
            || PasswordPolicy.isExpired(changedAt: first.password_changed_at, maxAgeDays: config.passwordMaxAgeDays, now: now)
        var user = CurrentUser(id: first.user_id, username: first.username, displayName: first.display_name, grants: grants,
                               mustChangePassword: mustChange, hasSecondFactor: first.has_totp == 1)
        user.person = first.person_kind.flatMap(PersonKind.init(rawValue:)).flatMap { kind in first.person_id.map { Person(kind: kind, id: $0) } }
        return Loaded(sessionID: first.session_id, user: user, csrfToken: first.csrf_token, pending: first.pending)
    }

    /// The one-time code was right: the pending session becomes a signed-in one.
    public static func complete(sessionID: Int, on db: any Database) async throws {
        try await db.sql.update(table).set("pending", to: SQLBind(false)).where("id", .equal, SQLBind(sessionID)).run()
    }

    public static func end(sessionID: Int, on db: any Database) async throws {
        try await db.sql.delete(from: table).where("id", .equal, SQLBind(sessionID)).run()
    }

    /// Signs a user out on every device (after a password change, or at their request), except `sessionID` when given.
    public static func endAll(userID: Int, except sessionID: Int? = nil, on db: any Database) async throws {
        let delete = db.sql.delete(from: table).where("user_id", .equal, SQLBind(userID))
        if let sessionID { delete.where("id", .notEqual, SQLBind(sessionID)) }
        try await delete.run()
    }

    static func hash(_ token: String) -> String { SHA256.hash(data: Data(token.utf8)).hex }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Replaces Vapor's generic session table: sessions are looked up by hashed token together with the user.
struct CreateSignInSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SignInSessions.table)
            .field(.id, .int, .identifier(auto: true))
            .field("token_hash", .string, .required).unique(on: "token_hash")
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            // Unix seconds: compared arithmetically on every request, the same on SQLite and PostgreSQL.
            .field("created_at", .int, .required)
            .field("seen_at", .int, .required)
            .field("address", .string)
            .create()
        try await db.createIndex(SignInSessions.table, "user_id")
        try await SessionRecord.migration.revert(on: db).get()
    }
    func revert(on db: any Database) async throws {
        try await SessionRecord.migration.prepare(on: db).get()
        try await db.schema(SignInSessions.table).delete()
    }
}
