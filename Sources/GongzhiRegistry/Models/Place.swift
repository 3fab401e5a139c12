import Fluent
import GongzhiCore
import GongzhiKit

/// A node of the place tree (subdistrict → community → grid → compound → building → entrance → floor → dwelling).
/// `path` lists the ids from the root (`/1/5/23/`) and never changes; scopes and roll-ups are prefix ranges over it.
final class Place: Model, @unchecked Sendable {
    static let schema = "places"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @OptionalField(key: "parent_id") var parentID: Int?
    @Field(key: "kind") var kind: PlaceKind
    @Field(key: "name") var name: String
    @OptionalField(key: "code") var code: String?
    @Field(key: "path") var path: String
    /// Names from the community down to this place (`PlaceAddress`), kept up to date when a place is renamed.
    @Field(key: "address") var address: String
    @Field(key: "depth") var depth: Int
    @Field(key: "sort_order") var sortOrder: Int
    /// km² for a subdistrict, exclusive area in m² for a dwelling.
    @OptionalField(key: "area") var area: Double?
    @OptionalField(key: "management_type") var managementType: ManagementType?
    @OptionalField(key: "property_company_id") var propertyCompanyID: Int?
    /// The party organisation (often an area branch) that covers an ownerless compound.
    @OptionalField(key: "covering_party_org_id") var coveringPartyOrgID: Int?
    @OptionalField(key: "renovation_status") var renovationStatus: String?
    /// A polygon `x,y x,y …` on the schematic 1000×600 map.
    @OptionalField(key: "geometry") var geometry: String?
    @Field(key: "resident_count") var residentCount: Int
    @Field(key: "household_count") var householdCount: Int
    @Field(key: "dwelling_count") var dwellingCount: Int
    @Field(key: "party_member_count") var partyMemberCount: Int
    /// Party members beneath by category (在职、离退休、直管), for the profile and overview.
    @Field(key: "in_service_count") var inServiceCount: Int
    @Field(key: "retired_count") var retiredCount: Int
    @Field(key: "directly_managed_count") var directlyManagedCount: Int
    /// A dwelling's owner (业主): a person's or a unit's name; their ID number sealed, hashed and masked; or unsold.
    @OptionalField(key: "owner_name") var ownerName: String?
    @OptionalField(key: "owner_id_sealed") var ownerIDSealed: String?
    @OptionalField(key: "owner_id_hash") var ownerIDHash: String?
    @OptionalField(key: "owner_id_masked") var ownerIDMasked: String?
    @OptionalField(key: "owner_unsold") var ownerUnsold: Bool?
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}
}

extension Place {
    var partyMembersByCategory: [PartyMemberCategory: Int] {
        [.inService: inServiceCount, .retired: retiredCount, .directlyManaged: directlyManagedCount]
    }
}
