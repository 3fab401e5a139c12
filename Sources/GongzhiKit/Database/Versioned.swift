import Fluent
import Foundation
import GongzhiCore
import SQLKit
import Vapor

/// A record that people change on its own page or through the API. Each write carries the version it was read at;
/// a write over a newer version is refused with what changed meanwhile, so two workers on one record never silently
/// undo each other (a lost update).
public protocol Versioned: Model where IDValue == Int {
    /// The stored version, 1 for a record no one has changed (set by the column's default).
    var storedVersion: Int? { get set }
    /// What a person sees of the record, by field label, to tell them what someone else changed.
    func snapshot(on db: any Database) async throws -> [String: String]
}

extension Versioned {
    public var version: Int { storedVersion ?? 1 }

    /// Writes the changed record if it is still at the version it was read at, with `also` in the same transaction.
    public func update(readAt stamp: VersionStamp, on db: any Database, also: (@Sendable (any Database) async throws -> Void)? = nil) async throws {
        try await db.transaction { db in
            try await Versioning.claim(self, readAt: stamp, on: db)
            try await self.update(on: db)
            try await also?(db)
        }
    }

    /// The hidden fields an edit form carries: the version read and what the record looked like then.
    public func stamp(on db: any Database) async throws -> VersionStamp {
        VersionStamp(version: version, was: VersionStamp.encode(try await snapshot(on: db)))
    }
}

/// The version a form or an API write was read at, and (from a form) what the record showed then.
public struct VersionStamp: Codable, Sendable {
    public let version: Int
    /// The record as the form showed it, packed (base64 of JSON) into one hidden field.
    public let was: String?

    public init(version: Int, was: String?) { self.version = version; self.was = was }

    static func encode(_ snapshot: [String: String]) -> String {
        ((try? JSONEncoder().encode(snapshot)) ?? Data()).base64EncodedString()
    }

    static func decode(_ text: String?) -> [String: String]? {
        guard let text, text.utf8.count < 64 * 1024, let data = Data(base64Encoded: text) else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: data)
    }

    /// The version field of a form or a JSON body: required, a whole number.
    public static func read(_ req: Request) throws -> VersionStamp {
        // A JSON body sends a number, a form its text.
        let text = req.headers.contentType == .json ? (try? req.content.get(Int.self, at: "version")).map(String.init)
                                                     : try? req.content.get(String.self, at: "version")
        guard let text, !text.isEmpty else {
            throw AppError.badRequest("缺少version（读取该记录时的版本号）：请重新打开页面后再保存；接口须在请求中带上读取时得到的version")
        }
        do {
            return VersionStamp(version: try Bounded.int(text, in: 1...Bounded.maxID, label: "version（版本号）"),
                                was: try? req.content.get(String.self, at: "was"))
        } catch { throw AppError.badRequest(error.description) }
    }
}

struct ClaimedVersion: Decodable { let version: Int }

public enum Versioning {
    /// The field under which a form shows a version conflict.
    public static let field = "version"

    /// Within the write's transaction, moves the record from the version it was read at to the next; throws the
    /// conflict (what changed meanwhile, by whom it does not say) if someone saved in between. The conditional
    /// update takes the row's lock, so of two writers racing on one version exactly one wins, on SQLite and PostgreSQL.
    public static func claim<M: Versioned>(_ record: M, readAt stamp: VersionStamp, on db: any Database) async throws {
        let claimed = try await db.sql.raw("""
            UPDATE \(ident: M.schema) SET version = COALESCE(version, 1) + 1
            WHERE id = \(bind: try record.requireID()) AND COALESCE(version, 1) = \(bind: stamp.version) RETURNING version
            """).first(decoding: ClaimedVersion.self)
        guard let claimed else {
            guard let current = try await M.find(try record.requireID(), on: db) else { throw AppError.notFound("该记录已被删除") }
            throw AppError.invalid([FieldProblem.conflict(field, try await conflict(current, stamp: stamp, on: db))])
        }
        record.storedVersion = claimed.version
    }

    /// The conflict, if the record as loaded for this request is no longer at the version the form was read at: checked
    /// before the form is applied, so the message compares what the form showed with what is stored.
    public static func problems<M: Versioned>(_ record: M, readAt stamp: VersionStamp, on db: any Database) async throws -> [FieldProblem] {
        record.version == stamp.version ? [] : [FieldProblem.conflict(field, try await conflict(record, stamp: stamp, on: db))]
    }

    /// Throws the conflict of `problems`, for writers that refuse before anything else is checked.
    public static func check<M: Versioned>(_ record: M, readAt stamp: VersionStamp, on db: any Database) async throws {
        let conflict = try await problems(record, readAt: stamp, on: db)
        guard conflict.isEmpty else { throw AppError.invalid(conflict) }
    }

    /// "保存前已有人修改了此记录：姓名由“张三”改为“张山”。" with every field that differs from what the form showed.
    static func conflict<M: Versioned>(_ current: M, stamp: VersionStamp, on db: any Database) async throws -> String {
        let now = try await current.snapshot(on: db)
        var changes: [String] = []
        if let was = VersionStamp.decode(stamp.was) {
            for label in now.keys.sorted() where was[label] != now[label] {
                changes.append("\(label)由“\(was[label] ?? "")”改为“\(now[label] ?? "")”")
            }
        } else {
            changes = now.keys.sorted().map { "\($0)现为“\(now[$0] ?? "")”" }
        }
        return "未保存：您打开此页后，已有人修改了这条记录（您读取的是第\(stamp.version)版，现为第\(current.version)版）"
            + (changes.isEmpty ? "" : "：" + changes.joined(separator: "；")) + "。您填写的内容仍在表单中，请核对后再次保存。"
    }
}

extension Array where Element == FieldProblem {
    /// 409 when the problem is that someone saved first, otherwise 422.
    public var status: HTTPResponseStatus { contains { $0.isConflict } ? .conflict : .unprocessableEntity }
}
