@preconcurrency import Crypto
import Fluent
import Foundation
import GongzhiCore
import Vapor

/// Photos as evidence, shared by every module: a form's photo is checked and cleaned (`PhotoUpload`), stored with
/// its record (`PhotoUpload.store`), and shown only to those who may see the record.
public enum PhotosModule: GongzhiModule {
    public static let name = "photos"
    public static var viewsDirectory: String { KitModule.viewsDirectory }
    public static let migrations: [any Migration] = [CreatePhotos()]
    public static let addresses = [PhotoPaths.photo, PhotoPaths.thumbnail]

    public static func routes(_ routes: any RoutesBuilder) throws {
        let business = routes.allow(Role.business)
        business.get(PhotoPaths.photo) { req in try await serve(req, thumbnail: false) }
        business.get(PhotoPaths.thumbnail) { req in try await serve(req, thumbnail: true) }
    }

    /// The photo (or its thumbnail) if its record lies within the user's places.
    static func serve(_ req: Request, thumbnail: Bool) async throws -> Response {
        response(for: try await req.visible(Photo.self, path: \.$path), thumbnail: thumbnail, shared: false)
    }

    /// A photo's bytes (or its thumbnail, the photo itself when none was made) as an answer; `shared`: a photo of a
    /// record everyone may read (a news item), which shared caches may keep.
    public static func response(for photo: Photo, thumbnail: Bool, shared: Bool) -> Response {
        let body = thumbnail ? photo.thumbnail ?? photo.bytes : photo.bytes
        let response = Response(status: .ok, body: .init(data: body))
        response.headers.contentType = HTTPMediaType(type: "image", subType: thumbnail && photo.thumbnail != nil ? "jpeg" : String(photo.contentType.dropFirst(6)))
        response.headers.replaceOrAdd(name: .cacheControl, value: shared ? "public, max-age=86400" : "private, max-age=3600")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        response.headers.replaceOrAdd(name: .eTag, value: "\"\(photo.sha256)\"")
        return response
    }
}

public enum PhotoPaths {
    public static let photo = Address("photo", "/photos/:id")
    public static let thumbnail = Address("photoThumbnail", "/photos/:id/thumbnail")
}

/// A photo sent with a form (field `photo`, with the thumbnail the page's script made in `thumbnail`), checked by
/// its bytes and stripped of metadata, ready to store with its record.
public struct PhotoUpload: Sendable {
    public let image: ImageFile
    public let thumbnail: ImageFile?

    /// The largest thumbnail accepted, in pixels on its longer side and in bytes.
    static let thumbnailSide = 480, thumbnailBytes = 256 * 1024

    /// The form's photo, nil when none was chosen; a file that is no photo, too large, or a thumbnail that is no
    /// small JPEG is a problem named for the field `photo`.
    public static func from(_ photo: File?, thumbnail: File?) throws(FieldProblem) -> PhotoUpload? {
        guard let photo, photo.data.readableBytes > 0 else { return nil }
        let image: ImageFile
        do { image = try ImageFile(Array(photo.data.readableBytesView)) } catch { throw FieldProblem("photo", "“\(photo.filename)”：\(error.description)") }
        var small: ImageFile?
        if let thumbnail, thumbnail.data.readableBytes > 0 {
            guard let made = try? ImageFile(Array(thumbnail.data.readableBytesView), maxBytes: thumbnailBytes), made.kind == .jpeg,
                  max(made.width, made.height) <= thumbnailSide else { throw FieldProblem("photo", "缩略图无效，请重新选择照片") }
            small = made
        }
        return PhotoUpload(image: image, thumbnail: small)
    }

    /// The same, its problem thrown as the form's `AppError.invalid`, for a write whose problems are all reported so.
    public static func checked(_ photo: File?, thumbnail: File?) throws -> PhotoUpload? {
        do { return try from(photo, thumbnail: thumbnail) } catch { throw AppError.invalid([error]) }
    }

    /// Stores the photo for `record` of `module`, lying at `path`; call it in the record's transaction.
    @discardableResult
    public func store(module: String, record: Int, path: String, by user: String, at date: Date, on db: any Database) async throws -> Photo {
        let photo = Photo()
        photo.module = module; photo.recordID = record; photo.path = path
        photo.contentType = image.kind.contentType
        photo.sha256 = SHA256.hash(data: image.bytes).hex
        photo.width = image.width; photo.height = image.height
        photo.bytes = Data(image.bytes); photo.thumbnail = thumbnail.map { Data($0.bytes) }
        photo.uploadedBy = user; photo.uploadedAt = Int(date.timeIntervalSince1970)
        try await photo.create(on: db)
        return photo
    }

    /// A form's photo field: the file chooser, and the thumbnail the page's script makes before the form is sent
    /// (`app.js`). The form must be sent as `multipart/form-data`.
    public static func field(label: String = "照片（可选）", error: String?) -> String {
        "<label>\(HTML.escape(label))<input type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png,image/webp\" data-thumbnail=\"thumbnail\""
            + (error == nil ? "" : " aria-invalid=\"true\"") + ">"
            + (error.map { "<span class=\"field-error\">\(HTML.escape($0))</span>" } ?? "")
            + "</label><input type=\"file\" name=\"thumbnail\" hidden>"
    }

    /// The photos of some records of `module`, by record.
    public static func photos(of module: String, records: [Int], on db: any Database) async throws -> [Int: [Int]] {
        guard !records.isEmpty else { return [:] }
        let rows = try await Photo.query(on: db).filter(\.$module == module).filter(\.$recordID ~~ records).field(\.$id).field(\.$recordID).sort(\.$id).all()
        return Dictionary(grouping: rows, by: \.recordID).mapValues { $0.compactMap(\.id) }
    }
}
