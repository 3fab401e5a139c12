import Fluent

/// A news item (动态) of a place, for the public: never anyone's ID or phone number, only what a worker chose to write.
final class NewsItem: Model, @unchecked Sendable {
    static let schema = "news_items"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "published_on") var publishedOn: String
    /// The author's credit as printed ("通信花园社区 供稿").
    @Field(key: "credit") var credit: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Int
    init() {}
}
