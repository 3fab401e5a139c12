import Fluent
import Foundation
import GongzhiCore
import Vapor

/// A photo kept as evidence of a record (a star inspection, a task report, census publicity): stored in the database
/// so every app server sees it, without its metadata, with its SHA-256, a thumbnail for lists, and the place path of
/// its record, so only those who may see the record see the photo (docs/GLOSSARY.md, "Photo").
public final class Photo: Model, @unchecked Sendable {
    public static let schema = "photos"
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    /// The module and the record the photo belongs to: `star-groups`, the inspection's id.
    @Field(key: "module") public var module: String
    @Field(key: "record_id") public var recordID: Int
    @Field(key: "path") public var path: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "width") public var width: Int
    @Field(key: "height") public var height: Int
    @Field(key: "bytes") public var bytes: Data
    @OptionalField(key: "thumbnail") public var thumbnail: Data?
    @Field(key: "uploaded_by") public var uploadedBy: String
    @Field(key: "uploaded_at") public var uploadedAt: Int
    public init() {}
}

struct CreatePhotos: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Photo.schema)
            .field("id", .int, .identifier(auto: true))
            .field("module", .string, .required)
            .field("record_id", .int, .required)
            .field("path", .byteOrderedText(on: db), .required)
            .field("content_type", .string, .required)
            .field("sha256", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .data, .required)
            .field("thumbnail", .data)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .int, .required)
            .create()
        try await db.createIndex(Photo.schema, "module", "record_id")
        try await db.createIndex(Photo.schema, "path")
    }
    func revert(on db: any Database) async throws { try await db.schema(Photo.schema).delete() }
}
