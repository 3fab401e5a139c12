import Fluent
import GongzhiCore

/// A party organisation, a node of the party tree, serving a place of the place tree.
final class PartyOrganization: Model, @unchecked Sendable {
    static let schema = "party_organizations"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @OptionalField(key: "parent_id") var parentID: Int?
    @Field(key: "kind") var kind: PartyOrganizationKind
    @Field(key: "name") var name: String
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "founded_on") var foundedOn: String?
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}
}

/// A party member: a resident of the registry (name and numbers come from there) or an outside person.
final class PartyMember: Model, @unchecked Sendable {
    static let schema = "party_members"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    /// The place path of the organisation, for scope and roll-ups.
    @Field(key: "path") var path: String
    @OptionalField(key: "resident_id") var residentID: Int?
    @OptionalField(key: "name") var name: String?
    /// The pinyin sort key of the name of a member who is not a resident, kept by `NameKeys`.
    @OptionalField(key: "name_key") var nameKey: String?
    @OptionalField(key: "gender") var gender: Gender?
    @Field(key: "category") var category: PartyMemberCategory
    @OptionalField(key: "joined_on") var joinedOn: String?
    @OptionalField(key: "workplace") var workplace: String?
    @OptionalField(key: "id_sealed") var idSealed: String?
    @OptionalField(key: "id_hash") var idHash: String?
    @OptionalField(key: "id_masked") var idMasked: String?
    @OptionalField(key: "phone_sealed") var phoneSealed: String?
    @OptionalField(key: "phone_masked") var phoneMasked: String?
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}
}
