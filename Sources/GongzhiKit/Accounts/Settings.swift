import Fluent

/// Instance-wide facts that are not business records (whether the demo subdistrict is loaded, say).
public final class Setting: Model, @unchecked Sendable {
    public static let schema = "settings"
    @ID(custom: "key", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: String
    public init() {}
    public init(key: String, value: String) { self.id = key; self.value = value }

    public static func get(_ key: String, on db: any Database) async throws -> String? {
        try await Setting.find(key, on: db)?.value
    }
    public static func set(_ key: String, _ value: String, on db: any Database) async throws {
        if let existing = try await Setting.find(key, on: db) {
            existing.value = value; try await existing.update(on: db)
        } else {
            try await Setting(key: key, value: value).create(on: db)
        }
    }
}

struct CreateSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Setting.schema).field("key", .string, .identifier(auto: false)).field("value", .string, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema(Setting.schema).delete() }
}
