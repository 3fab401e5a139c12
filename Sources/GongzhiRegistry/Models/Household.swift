import Fluent

/// A household (户) living in a dwelling; its 18-digit code is 12 area + 2 group + 4 household digits.
final class Household: Model, @unchecked Sendable {
    static let schema = "households"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "dwelling_id") var dwellingID: Int
    @Field(key: "path") var path: String
    @Field(key: "code") var code: String
    init() {}
}
