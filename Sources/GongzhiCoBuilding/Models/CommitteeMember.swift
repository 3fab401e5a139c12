import Fluent
import GongzhiCore

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

/// A co-building agreement (共建协议) with a unit: what it gives, for what term; amended (each amendment kept) and
/// ended in the browser.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "co_building_agreements"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    @Field(key: "signed_on") var signedOn: String
    /// The last day of its term, if it has one.
    @OptionalField(key: "ends_on") var endsOn: String?
    /// Ended before or at its term, with the reason.
    @OptionalField(key: "ended_on") var endedOn: String?
    @OptionalField(key: "end_reason") var endReason: String?
    init() {}

    func status(on day: CivilDate) -> String {
        if let endedOn { return "已于\(endedOn)终止" }
        if let endsOn, endsOn < day.description { return "已到期" }
        return "履行中"
    }
}

/// An amendment of an agreement: the text before and after, and why.
final class AgreementAmendment: Model, @unchecked Sendable {
    static let schema = "co_building_amendments"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "agreement_id") var agreementID: Int
    @Field(key: "amended_on") var amendedOn: String
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String
    @Field(key: "note") var note: String
    @Field(key: "written_by") var writtenBy: String
    init() {}
}
