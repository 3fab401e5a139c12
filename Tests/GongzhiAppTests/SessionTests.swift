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
                try req.content.encode(["username": "tongxin", "password": DemoAccounts.password, "next": "/",
                                        "_csrf": first.first(name: CSRFProtection.header)!], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                second.cookie = HTTPCookies(dictionaryLiteral: ("gongzhi_session", res.headers.setCookie!["gongzhi_session"]!))
            }
            #expect(token(second) != token(first))
            #expect(try await t.get("/residents", as: first).status == .seeOther)
            #expect(try await t.get("/residents", as: second).status == .ok)
            second.replaceOrAdd(name: CSRFProtection.header, value: try await t.csrfToken(of: "tongxin"))

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

    /// A form posted from another site, or replayed without this session's token, changes nothing.
    @Test func forgedPostsAreRefused() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let residentID = try await t.id("SELECT MIN(id) AS n FROM residents")
            var cookieOnly = worker
            cookieOnly.remove(name: CSRFProtection.header)
            for (label, headers, field) in [("no token", cookieOnly, nil), ("another token", cookieOnly, "x" + (worker.first(name: CSRFProtection.header) ?? ""))] as [(String, HTTPHeaders, String?)] {
                try await t.app.testing().test(.POST, "/residents/\(residentID)/delete", headers: headers, beforeRequest: { req in
                    var form: [String: String] = [:]
                    if let field { form["_csrf"] = field }
                    try req.content.encode(form, as: .urlEncodedForm)
                }) { res in
                    #expect(res.status == .forbidden, "\(label)")
                    #expect(res.body.string.contains("防伪校验"), "\(label)")
                }
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE id = \(residentID)") == 1)
            // The same request with the page's token goes through.
            try await t.app.testing().test(.POST, "/residents/\(residentID)/delete", headers: cookieOnly, beforeRequest: { req in
                try req.content.encode(["_csrf": worker.first(name: CSRFProtection.header)!], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents WHERE id = \(residentID)") == 0)
            // Signing in needs the sign-in page's token too.
            try await t.app.testing().test(.POST, "/login", beforeRequest: { req in
                try req.content.encode(["username": "tongxin", "password": DemoAccounts.password], as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
        }
    }

    /// No inline script can run, no site can frame a page, signed-in pages are not cached, cookies are HttpOnly
    /// and become Secure behind TLS.
    @Test func pagesCarrySecurityHeaders() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            try await t.app.testing().test(.GET, "/residents", headers: worker) { res in
                let policy = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"))
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: .cacheControl) == "no-store")
            }
            let browser = try await t.anonymousForm()
            var behindTLS = browser.headers
            behindTLS.add(name: "X-Forwarded-Proto", value: "https")
            try await t.app.testing().test(.POST, "/login", headers: behindTLS, beforeRequest: { req in
                try req.content.encode(["username": "tongxin", "password": DemoAccounts.password, "_csrf": browser.token], as: .urlEncodedForm)
            }) { res in
                let cookie = res.headers.setCookie?["gongzhi_session"]
                #expect(cookie?.isHTTPOnly == true && cookie?.isSecure == true && cookie?.sameSite == .lax)
                #expect(res.headers.first(name: "Strict-Transport-Security") != nil)
            }
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
