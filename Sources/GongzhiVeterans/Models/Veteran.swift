import Fluent
import GongzhiCore

/// A veteran (退役军人): a resident of the registry with service, war participation and honours.
final class Veteran: Model, @unchecked Sendable {
    static let schema = "veterans"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "resident_id") var residentID: Int
    /// The resident's path: the record is in scope wherever the resident lives.
    @Field(key: "path") var path: String
    @Field(key: "service") var service: String
    @Field(key: "war") var war: VeteranWar
    @Field(key: "honours") var honours: String
    init() {}
}

/// A commemorative medal given to a veteran, with the receipt the veteran (or family) signed.
final class MedalIssue: Model, @unchecked Sendable {
    static let schema = "medal_issues"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "veteran_id") var veteranID: Int
    @Field(key: "path") var path: String
    @Field(key: "medal") var medal: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "issued_by") var issuedBy: String
    @Field(key: "receipt_signed_by") var receiptSignedBy: String
    init() {}
}
