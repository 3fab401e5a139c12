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
    init() {}
}

extension Place {
    var ancestorIDs: [Int] { PlaceScope.ids(in: path) }
}
