import Fluent

/// A workplace of in-service members, mostly outside the subdistrict: kept once, picked by every report-in.
final class Workplace: Model, @unchecked Sendable {
    static let schema = "workplaces"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    /// The workplace's party organisation, to which the quarter's service records go.
    @Field(key: "party_organization") var partyOrganization: String
    @Field(key: "contact") var contact: String
    @Field(key: "address") var address: String
    init() {}
}

/// A report-in (报到): an in-service member to the community where they live, or a unit's party organisation to the
/// community where the unit is. The community confirms it or returns it with a reason; one report stands per reporter.
final class ReportIn: Model, @unchecked Sendable {
    static let schema = "report_ins"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: ReporterKind
    @OptionalField(key: "member_id") var memberID: Int?
    @OptionalField(key: "organization_id") var organizationID: Int?
    /// The reporter's name as the registry has it when they report.
    @Field(key: "name") var name: String
    @Field(key: "community_id") var communityID: Int
    /// The member's home (or the unit's place): the report lies in the places of whoever may see them.
    @Field(key: "path") var path: String
    @OptionalField(key: "workplace_id") var workplaceID: Int?
    @Field(key: "intentions") var intentions: String
    @Field(key: "status") var status: ReportStatus
    @Field(key: "reason") var reason: String
    @Field(key: "reported_by") var reportedBy: String
    @Field(key: "reported_at") var reportedAt: Int
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Int?
    init() {}
}
