import Fluent

/// Confirmed service time of a member: written only when a claim is confirmed or an organiser checks a member in,
/// once per member and source (`claim:12`, `activity:3`), so no service counts twice.
final class ServiceHours: Model, @unchecked Sendable {
    static let schema = "service_hours"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "source") var source: String
    @Field(key: "minutes") var minutes: Int
    /// The day served (Beijing, YYYY-MM-DD): it decides the quarter.
    @Field(key: "served_on") var servedOn: String
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "what") var what: String
    @Field(key: "confirmed_by") var confirmedBy: String
    @Field(key: "confirmed_at") var confirmedAt: Int
    init() {}
}

/// The community's remark on a member's service in a quarter, printed in the letter to their workplace.
final class ServiceRemark: Model, @unchecked Sendable {
    static let schema = "service_remarks"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "quarter") var quarter: String
    @Field(key: "path") var path: String
    @Field(key: "remark") var remark: String
    @Field(key: "written_by") var writtenBy: String
    @Field(key: "written_at") var writtenAt: Int
    init() {}
}
