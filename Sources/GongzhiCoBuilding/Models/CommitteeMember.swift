import Fluent

/// A member unit of a regional committee (区域党工委 of the subdistrict, 区域党委 of a community).
final class CommitteeMember: Model, @unchecked Sendable {
    static let schema = "committee_members"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The committee: a party organisation of kind regionalWorkingCommittee or communityRegionalCommittee.
    @Field(key: "committee_id") var committeeID: Int
    /// The committee's path: members are in scope wherever their committee is.
    @Field(key: "path") var path: String
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "joined_on") var joinedOn: String
    init() {}
}

/// A co-building agreement (共建协议) with a unit: what it gives and what comes of it.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "co_building_agreements"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    @Field(key: "signed_on") var signedOn: String
    init() {}
}
