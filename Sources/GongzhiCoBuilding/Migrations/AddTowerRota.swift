import Fluent
import FluentSQL
import GongzhiKit

/// 楼宇党建: the monthly rota of an office building's party organisations.
struct AddTowerRota: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(RotaMonth.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("building_id", .int, .required, .references("places", "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("year", .int, .required)
            .field("month", .int, .required)
            .field("host_id", .int, .required, .references("party_organizations", "id"))
            .field("host_name", .string, .required)
            .field("swap_note", .string, .required)
            .field("held_on", .string)
            .field("topic", .string)
            .field("present", .int)
            .field("due", .int)
            .field("note", .string, .required)
            .field("recorded_by", .string)
            .unique(on: "building_id", "year", "month")
            .create()
        try await db.createIndex(RotaMonth.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(RotaMonth.schema).delete() }
}
