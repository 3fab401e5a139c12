import Fluent
import GongzhiCore

/// A unit or organisation in the subdistrict: resident units, two-new organisations, property companies, …
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: OrganizationKind
    @Field(key: "name") var name: String
    /// The name's pinyin sort key, kept by `NameKeys`.
    @OptionalField(key: "name_key") var nameKey: String?
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "red_property") var redProperty: Bool
    @Field(key: "has_party_organization") var hasPartyOrganization: Bool
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "contact") var contact: String?
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}
}

/// A facility or position (阵地): pavilion, square, day-care centre, activity space, pocket park.
final class Facility: Model, @unchecked Sendable {
    static let schema = "facilities"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: FacilityKind
    @Field(key: "name") var name: String
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "area_m2") var areaM2: Double?
    @OptionalField(key: "opened_on") var openedOn: String?
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}
}

/// The self-governance unit (楼组), usually a building or an entrance; the star module rates it.
final class BuildingGroup: Model, @unchecked Sendable {
    static let schema = "building_groups"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "name") var name: String
    init() {}
}
