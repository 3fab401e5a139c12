import Fluent
import GongzhiCore

/// A household of an area as the enumerator meets it: where it stands, whether it was drawn for the long form, the
/// appointment made at the door. Kept only in the campaign's tables; purged (with its history) when the campaign
/// is closed and purged, its counts kept as `CensusTally`.
final class CensusVisit: Model, @unchecked Sendable {
    static let schema = "census_visits"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "area_id") var areaID: Int
    @Field(key: "household_id") var householdID: Int
    /// The dwelling's path, for the area's buildings and the counts by place.
    @Field(key: "path") var path: String
    /// The dwelling's address when the list was drawn, so the enumerator's day needs nothing else.
    @Field(key: "address") var address: String
    @Field(key: "status") var status: VisitStatus
    @Field(key: "long_form") var longForm: Bool
    /// The appointment, Unix seconds.
    @OptionalField(key: "appointment_at") var appointmentAt: Int?
    /// What the enumerator noted at the door (when to come back, who answered).
    @OptionalField(key: "note") var note: String?
    @Field(key: "updated_at") var updatedAt: Int
    init() {}
}

/// One change of a visit: its history, and the days' progress.
final class CensusVisitEvent: Model, @unchecked Sendable {
    static let schema = "census_visit_events"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "visit_id") var visitID: Int
    @Field(key: "area_id") var areaID: Int
    @Field(key: "member_id") var memberID: Int
    @Field(key: "stage") var stage: CensusStage
    @Field(key: "status") var status: VisitStatus
    @Field(key: "day") var day: String
    @Field(key: "at") var at: Int
    @OptionalField(key: "note") var note: String?
    init() {}
}

/// Counts that outlive a purge: per area and building, households by status; with a day, the households first
/// settled on that day by that area's enumerator.
final class CensusTally: Model, @unchecked Sendable {
    static let schema = "census_tallies"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "area_id") var areaID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "day") var day: String?
    @Field(key: "status") var status: VisitStatus
    @Field(key: "long_form") var longForm: Bool
    @Field(key: "households") var households: Int
    init() {}
}

/// A daily stand-up (日碰头会) at the subdistrict or a community: what was said, and the problems raised.
final class CensusStandup: Model, @unchecked Sendable {
    static let schema = "census_standups"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "summary") var summary: String
    @Field(key: "recorded_by") var recordedBy: String
    init() {}
}

/// A problem raised at a stand-up, who answers it, and the answer.
final class CensusProblem: Model, @unchecked Sendable {
    static let schema = "census_problems"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "standup_id") var standupID: Int
    @Field(key: "problem") var problem: String
    @Field(key: "owner") var owner: String
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_on") var answeredOn: String?
    init() {}
}

/// A publicity channel used at a place (the subdistrict, a community, a compound), with its evidence photo.
final class CensusPublicity: Model, @unchecked Sendable {
    static let schema = "census_publicity"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "channel") var channel: PublicityChannel
    @Field(key: "done_on") var doneOn: String
    @Field(key: "note") var note: String
    @OptionalField(key: "photo_id") var photoID: Int?
    @Field(key: "recorded_by") var recordedBy: String
    init() {}
}
