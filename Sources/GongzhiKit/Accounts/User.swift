import Fluent
import Vapor

/// A person who signs in. Roles are bound to places in `UserRole`.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"
    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "password_changed_at") public var passwordChangedAt: Date
    @Field(key: "active") public var active: Bool
    /// Wrong passwords since the last success or lock.
    @Field(key: "failed_attempts") public var failedAttempts: Int
    /// Unix seconds until which sign-in is refused, after too many wrong passwords.
    @OptionalField(key: "locked_until") public var lockedUntil: Int?
    /// Set for a password someone else chose (a new account, a reset): it must be changed at the next sign-in.
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    /// The TOTP secret, sealed by the personal-data vault; nil until the user has set up an authenticator.
    @OptionalField(key: "totp_secret") public var totpSecret: String?
    /// A secret shown for setting up, not yet confirmed with a code.
    @OptionalField(key: "totp_pending_secret") public var totpPendingSecret: String?
    /// The last time step a code was accepted for: that code and earlier ones are refused.
    @OptionalField(key: "totp_last_step") public var totpLastStep: Int?
    /// The person of the registry this account belongs to, if any (a resident, a party member, a unit).
    @OptionalField(key: "person_kind") public var personKind: PersonKind?
    @OptionalField(key: "person_id") public var personID: Int?
    @Children(for: \.$user) public var roles: [UserRole]
    public init() {}
    public init(username: String, displayName: String, passwordHash: String) {
        self.username = username; self.displayName = displayName; self.passwordHash = passwordHash
        self.passwordChangedAt = Date(); self.active = true; self.failedAttempts = 0; self.mustChangePassword = false
    }
}

public final class UserRole: Model, @unchecked Sendable {
    public static let schema = "user_roles"
    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Parent(key: "user_id") public var user: User
    @Field(key: "role") public var role: Role
    @Field(key: "place_id") public var placeID: Int
    /// Copied from the place at grant time; the tree path of a place never changes once created.
    @Field(key: "place_path") public var placePath: String
    public init() {}
    public init(userID: Int, role: Role, placeID: Int, placePath: String) {
        self.$user.id = userID; self.role = role; self.placeID = placeID; self.placePath = placePath
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("username", .string, .required).unique(on: "username")
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("password_changed_at", .datetime, .required)
            .field("active", .bool, .required)
            .create()
        try await db.schema(UserRole.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("place_id", .int, .required)
            .field("place_path", .string, .required)
            .create()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(UserRole.schema).delete()
        try await db.schema(User.schema).delete()
    }
}

/// Kit's own tables, in the order they shipped.
public enum KitMigrations {
    public static let all: [any Migration] = [SessionRecord.migration, CreateUsers(), CreateSettings(), CreateSignInSessions(), CreateDataRevisions(),
                                               CreateAuditLog(), AddSignInGuards(), AddSecondFactor(),
                                               CreateAPITokens(), AddAuditPruning(), AddPeopleAccounts(), OnePersonOneAccount()]
}

struct AddSignInGuards: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await db.schema(User.schema).field("failed_attempts", .int, .required, .sql(.default(0))).update()
        try await db.schema(User.schema).field("locked_until", .int).update()
        try await db.schema(User.schema).field("must_change_password", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on db: any Database) async throws {
        for field in ["failed_attempts", "locked_until", "must_change_password"] { try await db.schema(User.schema).deleteField(FieldKey(stringLiteral: field)).update() }
    }
}

struct AddSecondFactor: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for (name, type) in [("totp_secret", DatabaseSchema.DataType.string), ("totp_pending_secret", .string), ("totp_last_step", .int)] {
            try await db.schema(User.schema).field(FieldKey(stringLiteral: name), type).update()
        }
        try await db.schema("recovery_codes")
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .int)
            .create()
        try await db.createIndex("recovery_codes", "user_id")
        try await db.schema(SignInSessions.table).field("pending", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(SignInSessions.table).deleteField("pending").update()
        try await db.schema("recovery_codes").delete()
        for name in ["totp_secret", "totp_pending_secret", "totp_last_step"] { try await db.schema(User.schema).deleteField(FieldKey(stringLiteral: name)).update() }
    }
}
