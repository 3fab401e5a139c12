import Fluent

/// A joint meeting (联席会议) of a regional committee: its agenda, 应到 (the committee's member units that day) and
/// 实到 (those present), minutes, and resolutions.
final class JointMeeting: Model, @unchecked Sendable {
    static let schema = "joint_meetings"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "committee_id") var committeeID: Int
    @Field(key: "path") var path: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "agenda") var agenda: String
    @Field(key: "due") var due: Int
    /// The member units present, as their ids separated by commas.
    @Field(key: "attendee_ids") var attendeeIDs: String
    @Field(key: "minutes") var minutes: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}

    var attendees: [Int] { attendeeIDs.split(separator: ",").compactMap { Int($0) } }
}

/// A resolution of a joint meeting; one taken into the needs list (需求清单) keeps the need's id, so it is matched and
/// carried to a result as a project.
final class MeetingResolution: Model, @unchecked Sendable {
    static let schema = "meeting_resolutions"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "meeting_id") var meetingID: Int
    @Field(key: "path") var path: String
    @Field(key: "text") var text: String
    @OptionalField(key: "need_id") var needID: Int?
    init() {}
}

/// 一书一函一信: a proposal letter (倡议书) to the member units, a letter (函) to one unit, a thank-you letter (感谢信):
/// written from a template filled from the records it cites, kept as sent, with its date.
final class CoBuildingLetter: Model, @unchecked Sendable {
    static let schema = "co_building_letters"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: LetterKind
    @Field(key: "committee_id") var committeeID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "dated") var dated: String
    @Field(key: "written_by") var writtenBy: String
    init() {}
}
