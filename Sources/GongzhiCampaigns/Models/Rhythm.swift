import Fluent
import GongzhiCore

/// A community's weekly report (周汇报): its figures as the records stood when it was sent, and the worker's
/// commentary — the only part typed.
final class WeeklyReport: Model, @unchecked Sendable {
    static let schema = "weekly_reports"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "week") var week: String
    /// The figures, one `label\tvalue` per line, as computed when it was sent.
    @Field(key: "figures") var figures: String
    @Field(key: "commentary") var commentary: String
    @Field(key: "submitted_by") var submittedBy: String
    @Field(key: "submitted_at") var submittedAt: Int
    init() {}
}

/// A review visit (观摩) that scores communities on a rubric; the rubric used is kept with it.
final class Review: Model, @unchecked Sendable {
    static let schema = "reviews"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: ReviewKind
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: String
    /// The site visited (纬五路13号院), and the path of the place that held the review (for scope).
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "reviewers") var reviewers: String
    @Field(key: "rubric") var rubric: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}
}

/// One community's score on one item of a review's rubric.
final class ReviewScore: Model, @unchecked Sendable {
    static let schema = "review_scores"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "review_id") var reviewID: Int
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "item") var item: String
    @Field(key: "score") var score: Int
    init() {}
}

/// A supervision item (督办事项): found by a special supervision or taken up at a secretaries' forum, with whom it
/// falls to and a deadline; late, it is escalated to the subdistrict.
final class Finding: Model, @unchecked Sendable {
    static let schema = "supervision_findings"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "source") var source: FindingSource
    @OptionalField(key: "forum_id") var forumID: Int?
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "text") var text: String
    @Field(key: "owner") var owner: String
    @Field(key: "found_on") var foundOn: String
    @Field(key: "deadline") var deadline: String
    @OptionalField(key: "rectified_on") var rectifiedOn: String?
    @OptionalField(key: "rectification") var rectification: String?
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}

    func status(today: CivilDate) -> FindingStatus { .of(rectifiedOn: rectifiedOn, deadline: CivilDate(yyyymmdd: deadline), today: today) }
}

/// A secretaries' forum (书记论坛) session: its theme, who spoke, the topics; its follow-ups are `Finding`s.
final class ForumSession: Model, @unchecked Sendable {
    static let schema = "forum_sessions"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "held_on") var heldOn: String
    @Field(key: "theme") var theme: String
    @Field(key: "speakers") var speakers: String
    @Field(key: "topics") var topics: String
    @Field(key: "path") var path: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}
}
