import Fluent
import GongzhiCore

/// A resident (居民). ID and phone numbers are sealed; the masked forms are what pages show.
final class Resident: Model, @unchecked Sendable {
    static let schema = "residents"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "household_id") var householdID: Int
    /// The dwelling's path: the resident is in scope wherever the dwelling is.
    @Field(key: "path") var path: String
    @Field(key: "name") var name: String
    /// The name's pinyin sort key (`Collation.key`), kept by `NameKeys`: lists sorted by name use it.
    @OptionalField(key: "name_key") var nameKey: String?
    @Field(key: "gender") var gender: Gender
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "id_sealed") var idSealed: String?
    @OptionalField(key: "id_hash") var idHash: String?
    @OptionalField(key: "id_masked") var idMasked: String?
    @OptionalField(key: "phone_sealed") var phoneSealed: String?
    @OptionalField(key: "phone_masked") var phoneMasked: String?
    @Field(key: "residency") var residency: Residency
    /// Comma-separated `ResidentTag` raw values.
    @Field(key: "tags") var tags: String
    @Field(key: "relation") var relation: String
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}

    var tagList: [ResidentTag] { tags.split(separator: ",").compactMap { ResidentTag(rawValue: String($0)) } }
}
