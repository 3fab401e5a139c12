import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// A resident as lists read them (masked numbers only): a plain row, see `PlaceRow`.
struct ResidentRow: RowDecodable {
    let id: Int
    let householdId: Int
    let path: String
    let name: String
    let gender: Gender
    let birthDate: String?
    let idMasked: String?
    let phoneMasked: String?
    let residency: Residency
    let tags: String
    let relation: String
    let version: Int
    /// The dwelling's address, read with the row.
    let address: String

    var tagList: [ResidentTag] { tags.split(separator: ",").compactMap { ResidentTag(rawValue: String($0)) } }

    static let columns = ["id", "household_id", "path", "name", "gender", "birth_date", "id_masked", "phone_masked", "residency", "tags", "relation", "version"]

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int.self)
        householdId = try row.decode(column: "household_id", as: Int.self)
        path = try row.decode(column: "path", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        gender = try row.decode(enum: "gender", as: Gender.self)
        birthDate = try row.decode(optional: "birth_date", as: String.self)
        idMasked = try row.decode(optional: "id_masked", as: String.self)
        phoneMasked = try row.decode(optional: "phone_masked", as: String.self)
        residency = try row.decode(enum: "residency", as: Residency.self)
        tags = try row.decode(column: "tags", as: String.self)
        relation = try row.decode(column: "relation", as: String.self)
        version = try row.decode(optional: "version", as: Int.self) ?? 1
        address = try row.decode(optional: "address", as: String.self) ?? ""
    }

    static func select(on db: any Database) -> SQLSelectBuilder {
        db.sql.select().columns(of: Self.self, in: Resident.schema)
            .column(SQLAlias(SQLRaw("(SELECT places.address FROM places WHERE places.path = residents.path)"), as: SQLIdentifier("address")))
    }

    func toDTO() -> ResidentDTO {
        ResidentDTO(id: id, householdID: householdId, name: name, gender: gender.rawValue, birthDate: birthDate, idNumberMasked: idMasked,
                    phoneMasked: phoneMasked, residency: residency.rawValue, tags: tagList.map(\.rawValue), relation: relation, version: version)
    }
}

extension SQLSelectBuilder {
    func residents() async throws -> [ResidentRow] { try await rows(ResidentRow.self) }
}
