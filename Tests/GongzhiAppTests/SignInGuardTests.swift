import Fluent
import Foundation
import GongzhiKit
import GongzhiRegistry
import SQLKit
import Testing
import Vapor
import VaporTesting

/// GB/T 22239-2019 8.1.4.1: five wrong passwords lock an account for 30 minutes, one address cannot keep guessing,
/// passwords expire, and a user can sign out everywhere.
struct SignInGuardTests {
    /// POSTs the sign-in form as a fresh browser and returns the status and page text.
    func attempt(_ t: TestApp, _ username: String, _ password: String) async throws -> (HTTPStatus, String) {
        let browser = try await t.anonymousForm()
        let answer = try await t.post("/login", ["username": username, "password": password, "_csrf": browser.token], as: browser.headers)
        return (answer.status, answer.body)
    }

    @Test(arguments: TestDatabase.available)
    func fiveFailuresLockForThirtyMinutes(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            t.app.gongzhi.now = { start }
            for attempt in 1...4 {
                let (status, body) = try await self.attempt(t, "tongxin", "Wrong-\(attempt)-pass")
                #expect(status == .unauthorized && body.contains("用户名或密码错误"))
            }
            let fifth = try await attempt(t, "tongxin", "Wrong-5-pass")
            // A locked account is answered exactly as a wrong password or an unknown username, which would
            // otherwise confirm that the username exists.
            let unknown = try await attempt(t, "nobody-here", "Wrong-5-pass")
            for answer in [fifth, unknown] {
                #expect(answer.0 == .unauthorized && answer.1.contains(SignInController.refusal) && !answer.1.contains("锁定至"))
            }
            // Locked: the right password does not open it either.
            #expect(try await attempt(t, "tongxin", DemoAccounts.password).0 == .unauthorized)
            t.app.gongzhi.now = { start.addingTimeInterval(29 * 60) }
            #expect(try await attempt(t, "tongxin", DemoAccounts.password).0 == .unauthorized)
            t.app.gongzhi.now = { start.addingTimeInterval(31 * 60) }
            #expect(try await attempt(t, "tongxin", DemoAccounts.password).0 == .seeOther)
            #expect(try await t.scalar("SELECT failed_attempts AS n FROM users WHERE username = 'tongxin'") == 0)
            // Other accounts were never affected.
            t.app.gongzhi.now = { start }
            #expect(try await attempt(t, "jiedao", DemoAccounts.password).0 == .seeOther)
        }
    }

    @Test func oneAddressCannotKeepGuessing() async throws {
        try await TestApp.with(.sqlite) { t in
            for n in 1...20 { _ = try await attempt(t, "nobody\(n)", "Wrong-pass-1") }
            let (status, body) = try await attempt(t, "jiedao", DemoAccounts.password)
            #expect(status == .tooManyRequests && body.contains("失败次数过多"))
            // Ten minutes later the address may try again.
            t.app.gongzhi.now = { Date().addingTimeInterval(11 * 60) }
            #expect(try await attempt(t, "jiedao", DemoAccounts.password).0 == .seeOther)
        }
    }

    @Test func expiredPasswordsMustChangeAndOtherSessionsEnd() async throws {
        try await TestApp.with(.sqlite) { t in
            let laptop = try await t.signIn("tongxin")
            let phone = try await t.signIn("tongxin")
            t.app.gongzhi.now = { Date().addingTimeInterval(91 * 86_400) }
            // Both browsers stay in use over those 91 days, so only the password's age matters.
            try await t.app.db.sql.raw("UPDATE sign_in_sessions SET seen_at = seen_at + \(unsafeRaw: String(91 * 86_400)), created_at = created_at + \(unsafeRaw: String(91 * 86_400))").run()
            let closed = try await t.get("/residents", as: laptop)
            #expect(closed.status == .seeOther)
            try await t.app.testing().test(.GET, "/api/v1/profile", headers: laptop) { res in
                #expect(res.status == .forbidden && res.body.string.contains("修改密码"))
            }
            #expect(try await t.get("/account", as: laptop).body.contains("已超过有效期"))
            // A weak new password is refused with the reason; a good one opens everything and ends the phone's session.
            try await t.app.testing().test(.POST, "/account/password", headers: laptop, beforeRequest: { req in
                try req.content.encode(["current": DemoAccounts.password, "password": "weakpass", "confirm": "weakpass"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("至少3类")) }
            try await t.app.testing().test(.POST, "/account/password", headers: laptop, beforeRequest: { req in
                try req.content.encode(["current": DemoAccounts.password, "password": "Tongxin-2027", "confirm": "Tongxin-2027"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("不能包含用户名")) }
            try await t.app.testing().test(.POST, "/account/password", headers: laptop, beforeRequest: { req in
                try req.content.encode(["current": DemoAccounts.password, "password": "Garden-2027!", "confirm": "Garden-2027!"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/residents", as: laptop).status == .ok)
            #expect(try await t.get("/residents", as: phone).status == .seeOther, "the other browser was signed out")

            // Sign out everywhere ends this browser too.
            try await t.app.testing().test(.POST, "/account/sessions/end", headers: laptop) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/residents", as: laptop).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM sign_in_sessions") == 0)
        }
    }
}
