@preconcurrency import Crypto
import Fluent
import Foundation
import GongzhiCore
import SQLKit

/// What a public notice (公示/公告) announces.
public enum NoticeKind: String, Codable, Sendable, CaseIterable {
    /// 决议公示: a matter's resolution, with a period for objections.
    case resolution
    /// 结果公开: what was done.
    case result
    /// 更正: corrects an earlier notice, which stays as it was.
    case correction
    /// 公告: anything else a community makes public.
    case general

    public var label: String {
        switch self { case .resolution: "决议公示"; case .result: "结果公开"; case .correction: "更正公告"; case .general: "公告" }
    }
}

/// A public notice (docs/GLOSSARY.md, "Public notices"): never edited once published. A correction is a new notice
/// that names the one it corrects. Each stores the hash of its content chained to the previous notice of its place
/// (`NoticeChain`), and the same hash is written to the audit log and printed on the paper notice.
public final class PublicNotice: Model, @unchecked Sendable {
    public static let schema = "public_notices"
    @ID(custom: .id, generatedBy: .database) public var id: Int?
    /// The place the notice is posted for (a community or a compound): its chain, and who sees it on the portal.
    @Field(key: "place_id") public var placeID: Int
    @Field(key: "path") public var path: String
    @Field(key: "kind") public var kind: NoticeKind
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    /// The record it was written from ("matter:12"), if any.
    @OptionalField(key: "source") public var source: String?
    /// Who published it, as printed (the community's name and the worker's).
    @Field(key: "author") public var author: String
    /// Seconds since 1970.
    @Field(key: "published_at") public var publishedAt: Int
    /// The days it is posted (YYYY-MM-DD), inclusive.
    @Field(key: "runs_from") public var runsFrom: String
    @Field(key: "runs_until") public var runsUntil: String
    /// The last day objections are taken; nil: none are asked for.
    @OptionalField(key: "objections_until") public var objectionsUntil: String?
    @OptionalField(key: "corrects_id") public var correctsID: Int?
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String
    public init() {}

    /// The text the hash is computed over: every field a reader relies on, and the previous notice's hash.
    var canonical: String {
        [String(placeID), path, kind.rawValue, title, body, source ?? "", author, String(publishedAt), runsFrom, runsUntil,
         objectionsUntil ?? "", correctsID.map(String.init) ?? "", previousHash].joined(separator: "\u{1F}")
    }

    /// The hash this notice's content gives, hex.
    public var expectedHash: String { Data(SHA256.hash(data: Data(canonical.utf8))).hex }

    /// "公示期：2026-11-02至2026-11-09".
    public var period: String { "\(runsFrom)至\(runsUntil)" }
}

/// An objection to a notice (异议) and the community's answer, due within 3 days.
public final class NoticeObjection: Model, @unchecked Sendable {
    public static let schema = "notice_objections"
    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Field(key: "notice_id") public var noticeID: Int
    @Field(key: "path") public var path: String
    @Field(key: "text") public var text: String
    /// Who raised it, as they gave their name (a resident signed in, or written down by a worker).
    @Field(key: "raised_by") public var raisedBy: String
    @OptionalField(key: "user_id") public var userID: Int?
    @Field(key: "raised_at") public var raisedAt: Int
    @OptionalField(key: "answer") public var answer: String?
    @OptionalField(key: "answered_by") public var answeredBy: String?
    @OptionalField(key: "answered_at") public var answeredAt: Int?
    public init() {}

    /// Days an objection may wait for its answer.
    public static let answerDays = 3
    /// The last day the answer is due.
    public var answerDue: CivilDate { BeijingTime.day(of: Date(timeIntervalSince1970: Double(raisedAt))).adding(days: Self.answerDays) }
}

struct CreatePublicNotices: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PublicNotice.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("place_id", .int, .required)
            .field("path", .byteOrderedText(on: db), .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("source", .string)
            .field("author", .string, .required)
            .field("published_at", .int, .required)
            .field("runs_from", .string, .required)
            .field("runs_until", .string, .required)
            .field("objections_until", .string)
            .field("corrects_id", .int, .references(PublicNotice.schema, "id"))
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "hash")
            .create()
        try await db.createIndex(PublicNotice.schema, "path")
        try await db.createIndex(PublicNotice.schema, "place_id", "id")
        try await db.createIndex(PublicNotice.schema, "source")
        try await db.schema(NoticeObjection.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("notice_id", .int, .required, .references(PublicNotice.schema, "id"))
            .field("path", .byteOrderedText(on: db), .required)
            .field("text", .string, .required)
            .field("raised_by", .string, .required)
            .field("user_id", .int)
            .field("raised_at", .int, .required)
            .field("answer", .string)
            .field("answered_by", .string)
            .field("answered_at", .int)
            .create()
        try await db.createIndex(NoticeObjection.schema, "notice_id")
        // Notices are published one at a time, each after the one before it in its place's chain.
        try await db.schema(NoticeChain.head).field("id", .int, .identifier(auto: false)).field("seq", .int, .required).create()
        try await db.sql.insert(into: NoticeChain.head).columns("id", "seq").values(SQLBind(1), SQLBind(0)).run()
    }
    func revert(on db: any Database) async throws {
        for table in [NoticeChain.head, NoticeObjection.schema, PublicNotice.schema] { try await db.schema(table).delete() }
    }
}
