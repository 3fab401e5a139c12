import Fluent

/// A need of the 需求清单 or a small wish, placed by a resident for their household or by a community worker.
final class ServiceNeed: Model, @unchecked Sendable {
    static let schema = "service_needs"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: NeedKind
    @Field(key: "community_id") var communityID: Int
    /// The household's dwelling, or the place the community placed it for.
    @Field(key: "path") var path: String
    @OptionalField(key: "household_id") var householdID: Int?
    @Field(key: "title") var title: String
    @Field(key: "detail") var detail: String
    @Field(key: "status") var status: NeedStatus
    @Field(key: "placed_by") var placedBy: String
    @Field(key: "placed_at") var placedAt: Int
    init() {}
}

/// A member's or a unit's claim of a need: carried out, then confirmed by the resident or a worker on their behalf.
/// Hours come into being only at the confirmation (`ServiceHours`), and once.
final class ServiceClaim: Model, @unchecked Sendable {
    static let schema = "service_claims"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "need_id") var needID: Int
    @OptionalField(key: "member_id") var memberID: Int?
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Field(key: "claimant") var claimant: String
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "status") var status: ClaimStatus
    @Field(key: "claimed_at") var claimedAt: Int
    @OptionalField(key: "delivered_at") var deliveredAt: Int?
    /// The time the claimant says the service took, in minutes; hours count only when confirmed.
    @Field(key: "minutes") var minutes: Int
    @Field(key: "note") var note: String
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Int?
    @Field(key: "reason") var reason: String
    init() {}
}
