import Fluent
import Foundation
import GongzhiCore
import SQLKit

/// The chain of a place's public notices: each notice's hash covers its content and the hash of the notice before it
/// at the same place, so a notice edited in the database breaks its own hash and the next one's link. Anyone able to
/// write the database could recompute a plain chain, so each hash is also written to the audit log (chained under a
/// key kept outside the database) and printed on the paper notice: a rewritten chain disagrees with both.
public enum NoticeChain {
    static let head = "notice_chain_head"

    /// What a module asks to publish.
    public struct Draft: Sendable {
        public var placeID: Int, path: String, kind: NoticeKind, title: String, body: String, source: String?
        /// Who publishes it, as printed under it ("通信花园社区居民委员会").
        public var author: String
        public var runsFrom: CivilDate, runsUntil: CivilDate, objectionsUntil: CivilDate?, correctsID: Int?
        public init(placeID: Int, path: String, kind: NoticeKind, title: String, body: String, source: String?, author: String,
                    runsFrom: CivilDate, runsUntil: CivilDate, objectionsUntil: CivilDate? = nil, correctsID: Int? = nil) {
            self.placeID = placeID; self.path = path; self.kind = kind; self.title = title; self.body = body; self.source = source; self.author = author
            self.runsFrom = runsFrom; self.runsUntil = runsUntil; self.objectionsUntil = objectionsUntil; self.correctsID = correctsID
        }
    }

    /// Publishes `draft` on `db` (the caller's transaction, with the record it comes from): chained after the last
    /// notice of its place, its hash written to the audit log by `audit`.
    public static func publish(_ draft: Draft, at time: Date, on db: any Database,
                               audit: @Sendable (_ target: String, _ detail: String, any Database) async throws -> Void) async throws -> PublicNotice {
        // The head row is written first: publishers queue on its lock, so no two notices take the same predecessor.
        try await db.sql.raw("UPDATE \(ident: head) SET seq = seq + 1 WHERE id = 1").run()
        let previous = try await PublicNotice.query(on: db).filter(\.$placeID == draft.placeID).sort(\.$id, .descending).first()
        let notice = PublicNotice()
        notice.placeID = draft.placeID; notice.path = draft.path; notice.kind = draft.kind; notice.title = draft.title; notice.body = draft.body
        notice.source = draft.source; notice.author = draft.author; notice.publishedAt = Int(time.timeIntervalSince1970)
        notice.runsFrom = draft.runsFrom.description; notice.runsUntil = draft.runsUntil.description
        notice.objectionsUntil = draft.objectionsUntil?.description; notice.correctsID = draft.correctsID
        notice.previousHash = previous?.hash ?? ""
        notice.hash = notice.expectedHash
        try await notice.create(on: db)
        try await audit("notice:\(try notice.requireID())", "hash=\(notice.hash)", db)
        return notice
    }

    /// One broken link, named for a reader: which notice, and what disagrees.
    public struct Problem: Sendable, CustomStringConvertible, Encodable {
        public let noticeID: Int
        public let reason: String
        public var description: String { "公告#\(noticeID)：\(reason)" }
    }

    /// Recomputes every chain (or the chain of the places under `path`) and compares each hash with the audit log's
    /// record of it; `audited` maps a notice id to the hash the audit log holds for it.
    public static func verify(under path: String? = nil, audited: AuditedHashes, on db: any Database) async throws -> (checked: Int, problems: [Problem]) {
        var query = PublicNotice.query(on: db).sort(\.$placeID).sort(\.$id)
        if let path { query = query.within(PlaceScope(paths: [path]), \.$path) }
        let notices = try await query.all()
        var problems: [Problem] = []
        var last: [Int: String] = [:]
        for notice in notices {
            let id = try notice.requireID()
            let expectedPrevious = last[notice.placeID] ?? ""
            if notice.previousHash != expectedPrevious {
                problems.append(Problem(noticeID: id, reason: "与同一地点的上一份公告衔接不上（上一份公告已被改动或删除）"))
            }
            if notice.expectedHash != notice.hash {
                problems.append(Problem(noticeID: id, reason: "内容与其哈希不符（发布后被改动）"))
            }
            if let recorded = audited.hashes[id], recorded != notice.hash {
                problems.append(Problem(noticeID: id, reason: "哈希与审计日志中的记录不符（公告链被重新计算过）"))
            } else if audited.hashes[id] == nil, notice.publishedAt >= audited.since {
                problems.append(Problem(noticeID: id, reason: "审计日志中没有它的发布记录"))
            }
            last[notice.placeID] = notice.hash
        }
        return (notices.count, problems)
    }

    /// The hashes the audit log recorded at publication, by notice id, and since when it holds entries (older ones
    /// may have been pruned after their retention period: a notice older than that is checked by its chain alone).
    public struct AuditedHashes: Sendable {
        public var hashes: [Int: String]
        /// Seconds since 1970 of the oldest retained audit entry.
        public var since: Int
    }

    public static func auditedHashes(on db: any Database) async throws -> AuditedHashes {
        struct Row: Decodable { let target: String; let detail: String? }
        let rows = try await db.sql.select().columns("target", "detail").from(AuditLog.table)
            .where("action", .equal, SQLBind(publishAction)).all(decoding: Row.self)
        var result: [Int: String] = [:]
        for row in rows {
            guard let id = Int(row.target.dropFirst("notice:".count)), let detail = row.detail, detail.hasPrefix("hash=") else { continue }
            result[id] = String(detail.dropFirst(5))
        }
        struct Oldest: Decodable { let at: Int? }
        let oldest = try await db.sql.raw("SELECT MIN(at) AS at FROM \(ident: AuditLog.table)").first(decoding: Oldest.self)?.at
        return AuditedHashes(hashes: result, since: (oldest ?? 0) / 1000)
    }

    /// The audit action under which a notice's hash is recorded.
    public static let publishAction = "notice.publish"
}
