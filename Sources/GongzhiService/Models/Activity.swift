import Fluent

/// A responsibility post, a dedication day or a volunteer activity of a community, which members sign up for and
/// the organiser checks them in to (in person, not by GPS or an app's timer).
final class ServiceActivity: Model, @unchecked Sendable {
    static let schema = "service_activities"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: ActivityKind
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "title") var title: String
    @Field(key: "detail") var detail: String
    @Field(key: "venue") var venue: String
    /// Beijing time, seconds since 1970.
    @Field(key: "starts_at") var startsAt: Int
    @Field(key: "ends_at") var endsAt: Int
    @Field(key: "capacity") var capacity: Int
    @Field(key: "organiser") var organiser: String
    init() {}
}

/// A member signed up for an activity; checked in by the organiser, with the minutes served.
final class ActivitySignUp: Model, @unchecked Sendable {
    static let schema = "service_sign_ups"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @Field(key: "member_id") var memberID: Int
    @Field(key: "name") var name: String
    @Field(key: "path") var path: String
    @Field(key: "signed_up_at") var signedUpAt: Int
    @OptionalField(key: "checked_in_at") var checkedInAt: Int?
    @OptionalField(key: "checked_in_by") var checkedInBy: String?
    @Field(key: "minutes") var minutes: Int
    init() {}
}
