import Fluent
import GongzhiCore

/// A door-to-door registration campaign (入户登记): a census, a sample survey between censuses, an economic census.
/// Its visits, stand-ups and publicity are its own tables; only its own census roles read them (docs/GLOSSARY.md, "Census").
final class CensusCampaign: Model, @unchecked Sendable {
    static let schema = "census_campaigns"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: CensusKind
    @Field(key: "name") var name: String
    /// The standard time (标准时点) the answers refer to, `YYYY-MM-DD` (at 00:00).
    @Field(key: "standard_time") var standardTime: String
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    /// Households an area should hold (about 80).
    @Field(key: "area_target") var areaTarget: Int
    /// The long-form sample's share, per thousand households.
    @Field(key: "sample_per_mille") var samplePerMille: Int
    @Field(key: "sample_seed") var sampleSeed: Int
    /// When the visit list was drawn from the areas (入户开始): the areas are fixed from then.
    @OptionalField(key: "started_at") var startedAt: Int?
    @OptionalField(key: "closed_at") var closedAt: Int?
    /// When identifying visit details were purged, leaving only the tallies.
    @OptionalField(key: "purged_at") var purgedAt: Int?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Int
    init() {}

    var isClosed: Bool { closedAt != nil }
}

/// A stage's planned dates, and when the census office closed it (no visit changes in it after).
final class CensusStageRecord: Model, @unchecked Sendable {
    static let schema = "census_stages"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "stage") var stage: CensusStage
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @OptionalField(key: "closed_at") var closedAt: Int?
    init() {}
}

/// A member of a leading group (普查领导小组), at the subdistrict or a community.
final class CensusLeader: Model, @unchecked Sendable {
    static let schema = "census_leaders"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "user_id") var userID: Int
    @Field(key: "name") var name: String
    @Field(key: "duty") var duty: String
    init() {}
}

/// A census role in one campaign: the account, what it is, and for an enumerator the instructor over them. A member
/// without an account is one whose sign-in ended with an earlier campaign (the demo's 2020 enumerators).
final class CensusMember: Model, @unchecked Sendable {
    static let schema = "census_members"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @OptionalField(key: "user_id") var userID: Int?
    @Field(key: "kind") var kind: CensusRoleKind
    @Field(key: "name") var name: String
    @OptionalField(key: "instructor_id") var instructorID: Int?
    @Field(key: "appointed_by") var appointedBy: String
    @Field(key: "appointed_at") var appointedAt: Int
    init() {}
}

/// An enumeration area (普查小区): buildings or entrances of one community, and its enumerator.
final class CensusArea: Model, @unchecked Sendable {
    static let schema = "census_areas"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "number") var number: Int
    @Field(key: "community_id") var communityID: Int
    @Field(key: "community_path") var communityPath: String
    @OptionalField(key: "enumerator_id") var enumeratorID: Int?
    init() {}

    var label: String { String(format: "第%03d普查小区", number) }
}

/// A building or an entrance of an area; a place lies in at most one area of a campaign.
final class CensusAreaPart: Model, @unchecked Sendable {
    static let schema = "census_area_parts"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "area_id") var areaID: Int
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    init() {}
}

/// Who goes to the door with the area's enumerator: a building leader living in its community, or a member of staff
/// of a property company serving it.
final class CensusCompanion: Model, @unchecked Sendable {
    static let schema = "census_companions"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "area_id") var areaID: Int
    @Field(key: "kind") var kind: CompanionKind
    @Field(key: "name") var name: String
    @OptionalField(key: "resident_id") var residentID: Int?
    @OptionalField(key: "organization_id") var organizationID: Int?
    init() {}
}
