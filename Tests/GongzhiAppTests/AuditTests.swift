import Fluent
import Foundation
@testable import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Sign-ins, writes and exports are recorded with who, where and how it ended; only the audit administrator reads
/// the log; the chain names an entry edited or deleted directly in the database.
struct AuditTests {
    @Test(arguments: TestDatabase.available)
    func actionsAreRecordedAndTheChainHolds(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let browser = try await t.anonymousForm()
            try await t.app.testing().test(.POST, "/login", headers: browser.headers, beforeRequest: { req in
                try req.content.encode(["username": "tongxin", "password": "wrong", "_csrf": browser.token], as: .urlEncodedForm)
            }) { res in #expect(res.status == .unauthorized) }
            let worker = try await t.signIn("tongxin")
            let id = try await t.id(ScopeTests.residentIn("通信花园社区"))
            try await t.app.testing().test(.POST, "/residents/\(id)", headers: worker, beforeRequest: { req in
                try req.content.encode(["name": "改过的名字", "idNumber": "", "residency": "registered", "version": "1"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/exchange/residents/export.xlsx", as: worker).status == .ok)

            struct Row: Decodable { let username: String?; let roles: String; let places: String; let action: String; let target: String; let result: String }
            let rows = try await t.app.db.sql.raw("SELECT username, roles, places, action, target, result FROM audit_entries ORDER BY id")
                .all(decoding: Row.self)
            let failed = rows.first { $0.action == "sign-in" && $0.result == "refused" }
            #expect(failed?.username == "tongxin")
            let signedIn = rows.first { $0.action == "sign-in" && $0.result == "success" }
            #expect(signedIn?.roles == "communityWorker" && signedIn?.places.hasPrefix("/") == true)
            #expect(rows.contains { $0.action == "POST /residents/:id" && $0.target == "/residents/\(id)" && $0.result == "success" && $0.username == "tongxin" })
            #expect(rows.contains { $0.action == "export" && $0.target == "residents" })

            // Only the audit administrator reads the log; the system administrator and business users do not.
            for user in ["tongxin", "jiedao"] {
                #expect(try await t.get("/audit", as: try await t.signIn(user)).status == .forbidden, "\(user)")
            }
            #expect(try await t.get("/audit", as: try await t.signInAdministrator("admin")).status == .forbidden, "the system administrator")
            let auditor = try await t.signInAdministrator("shenji")
            let page = try await t.get("/audit?username=tongxin", as: auditor)
            #expect(page.status == .ok && page.body.contains("/residents/\(id)") && page.body.contains("社区工作人员"))
            #expect(try await t.get("/audit/export.xlsx", as: auditor).status == .ok)
            #expect(try await t.get("/audit/verify", as: auditor).body.contains("哈希链校验通过"))

            let key = t.app.gongzhi.auditKey
            #expect(try await AuditLog.verify(keys: [key], on: t.app.db).isIntact)

            // The database itself refuses to change an entry...
            await #expect(throws: (any Error).self) {
                try await t.app.db.sql.raw("UPDATE audit_entries SET username = 'someone' WHERE id = 2").run()
            }
            // ...and when someone with full rights removes that guard, the chain names what they did.
            try await AppendOnlyGuard.drop(on: t.app.db)
            // (The demo's notices wrote the first entries; the first sign-in follows them.)
            let first = try await t.scalar("SELECT MIN(id) AS n FROM audit_entries WHERE action = 'sign-in'")
            try await t.app.db.sql.raw("UPDATE audit_entries SET result = 'success' WHERE id = \(unsafeRaw: String(first))").run()
            var report = try await AuditLog.verify(keys: [key], on: t.app.db)
            #expect(report.problems == ["第\(first)条内容已被改动（\(try await Self.describe(first, t.app.db))）"])
            try await t.app.db.sql.raw("DELETE FROM audit_entries WHERE id = 3").run()
            report = try await AuditLog.verify(keys: [key], on: t.app.db)
            #expect(report.problems.contains("第3条已被删除"))
            let last = try await t.scalar("SELECT MAX(id) AS n FROM audit_entries")
            try await t.app.db.sql.raw("DELETE FROM audit_entries WHERE id = \(unsafeRaw: String(last))").run()
            report = try await AuditLog.verify(keys: [key], on: t.app.db)
            #expect(report.problems.contains("最后一条（第\(last)条）已被删除"))
        }
    }

    @Test func pruningKeepsAtLeastHalfAYearAndTheChainVerifiable() async throws {
        try await TestApp.with(.sqlite) { t in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            // The demo's notices were published before, and are older still.
            let demo = try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries")
            t.app.gongzhi.now = { start }
            _ = try await t.signIn("tongxin"); _ = try await t.signIn("jiedao")
            t.app.gongzhi.now = { start.addingTimeInterval(200 * 86_400) }
            _ = try await t.signIn("louzu")
            let total = try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries")
            // Asking for 30 days still keeps 180: the two early sign-ins are 200 days old and go, the recent one stays.
            let removed = try await AuditLog.prune(olderThan: 30, now: t.app.gongzhi.now(), on: t.app.db)
            #expect(removed == demo + 2 && total == demo + 3)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries") == 1)
            #expect(try await AuditLog.verify(keys: t.app.gongzhi.auditKeys, on: t.app.db).isIntact)
            await #expect(throws: (any Error).self) { try await t.app.db.sql.raw("DELETE FROM audit_entries").run() }
        }
    }

    static func describe(_ id: Int, _ db: any Database) async throws -> String {
        try await db.sql.select().column("*").from("audit_entries").where("id", .equal, SQLBind(id)).first(decoding: AuditEntry.self)!.describe
    }
}
