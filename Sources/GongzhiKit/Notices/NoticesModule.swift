import Fluent
import Foundation
import GongzhiCore
import Vapor

/// Public notices, shared by every module (docs/GLOSSARY.md, "Public notices"): a module publishes through
/// `NoticesModule.publish`; anyone reads a notice and checks the chain without signing in; the people a notice
/// concerns raise objections, and the community answers them.
public enum NoticesModule: GongzhiModule {
    public static let name = "notices"
    public static var viewsDirectory: String { KitModule.viewsDirectory }
    public static let migrations: [any Migration] = [CreatePublicNotices()]
    public static let addresses = NoticePaths.all

    public static func routes(_ routes: any RoutesBuilder) throws { try routes.register(collection: NoticeController()) }

    /// The latest notices under the subdistrict, those still running first.
    public static let portal: PortalSource? = { db, path, today in
        let notices = try await PublicNotice.query(on: db).within(PlaceScope(paths: [path]), \.$path).sort(\.$id, .descending).limit(12).all()
        let day = today.description
        let items = try notices.sorted { ($0.runsUntil >= day ? 0 : 1, -($0.id ?? 0)) < ($1.runsUntil >= day ? 0 : 1, -($1.id ?? 0)) }.map { n in
            PortalSection.Item(title: n.title, meta: "\(n.kind.label) · \(n.author) · \(n.period)\(n.runsFrom <= day && day <= n.runsUntil ? " · 公示中" : "")",
                               link: NoticePaths.notice(try n.requireID()))
        }
        return PortalSection(title: "公示公告", items: items, more: NoticePaths.notices.description, emptyText: "尚无公告")
    }

    /// Publishes `draft` on the caller's transaction, chained after its place's last notice, its hash in the audit log
    /// under the request's user.
    public static func publish(_ draft: NoticeChain.Draft, by req: Request, on db: any Database) async throws -> PublicNotice {
        try await NoticeChain.publish(draft, at: req.gongzhi.now(), on: db) { target, detail, db in
            try await req.audit(action: NoticeChain.publishAction, target: target, detail: detail, on: db)
        }
    }

    /// The same for the demo's notices, published `at` the time the demo's story gives.
    public static func publish(_ draft: NoticeChain.Draft, demo: DemoContext, at time: Date, on db: any Database) async throws -> PublicNotice {
        try await NoticeChain.publish(draft, at: time, on: db) { target, detail, db in
            let event = AuditEvent(user: nil, username: "演示数据", action: NoticeChain.publishAction, target: target, result: AuditResult.success.rawValue,
                                   address: "localhost", detail: detail)
            try await AuditLog.record(event, at: time, key: demo.gongzhi.auditKey, on: db)
        }
    }
}

public enum NoticePaths {
    public static let notices = Address("notices", "/notices")
    public static let notice = Address("notice", "/notices/:id")
    public static let verify = Address("noticeVerify", "/notices/verify")
    public static let objections = Address("noticeObjections", "/notices/:id/objections")
    public static let answer = Address("noticeAnswer", "/notices/:id/objections/:objection/answer")
    public static let corrections = Address("noticeCorrections", "/notices/:id/corrections")
    static let all = [notices, notice, verify, objections, answer, corrections]
}
