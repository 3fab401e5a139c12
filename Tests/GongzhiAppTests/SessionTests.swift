import Fluent
import Foundation
import GongzhiKit
import GongzhiRegistry
import Testing
import SQLKit
import Vapor
import VaporTesting

/// Sessions live in the database, under a hashed token that changes at every sign-in and dies at sign-out or when idle.
struct SessionTests {
    func token(_ headers: HTTPHeaders) -> String { headers.cookie?["gongzhi_session"]?.string ?? "" }

    @Test(arguments: TestDatabase.available)
    func sessionsEndAndNeverRepeat(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let first = try await t.signIn("tongxin")
            #expect(try await t.get("/residents", as: first).status == .ok)
            // Only the hash of the token is stored.
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM sign_in_sessions WHERE token_hash = '\(token(first))'") == 0)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM sign_in_sessions") == 1)

            // Signing in again from the same browser starts a new session; the old token stops working.
            var second = HTTPHeaders()
            try await t.app.testing().test(.POST, "/login", headers: first, beforeRequest: { req in
                try req.content.encode(["username": "tongxin", "password": DemoAccounts.password, "next": "/"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                second.cookie = HTTPCookies(dictionaryLiteral: ("gongzhi_session", res.headers.setCookie!["gongzhi_session"]!))
            }
            #expect(token(second) != token(first))
            #expect(try await t.get("/residents", as: first).status == .seeOther)
            #expect(try await t.get("/residents", as: second).status == .ok)

            // Signing out ends the session on the server: the same cookie replayed is refused.
            try await t.app.testing().test(.POST, "/logout", headers: second) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.setCookie?["gongzhi_session"]?.string == "")
            }
            #expect(try await t.get("/residents", as: second).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM sign_in_sessions") == 0)

            // A made-up or tampered cookie is treated as signed out, never as an error.
            var forged = HTTPHeaders()
            forged.cookie = HTTPCookies(dictionaryLiteral: ("gongzhi_session", .init(string: token(second) + "x")))
            let answer = try await t.get("/residents", as: forged)
            #expect(answer.status == .seeOther)
        }
    }

    @Test func idleSessionsExpire() async throws {
        try await TestApp.with(.sqlite) { t in
            let cookie = try await t.signIn("tongxin")
            let idle = t.app.gongzhi.config.sessionIdleMinutes
            try await t.app.db.sql.raw("UPDATE sign_in_sessions SET seen_at = seen_at - \(unsafeRaw: String(idle * 60 - 30))").run()
            #expect(try await t.get("/residents", as: cookie).status == .ok, "still within the idle period")
            try await t.app.db.sql.raw("UPDATE sign_in_sessions SET seen_at = seen_at - 3600").run()
            let expired = try await t.get("/residents", as: cookie)
            #expect(expired.status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM sign_in_sessions") == 0, "the expired session is deleted")
        }
    }
}
