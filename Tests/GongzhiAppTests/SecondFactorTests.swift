import Fluent
import Foundation
import GongzhiKit
import GongzhiRegistry
import SQLKit
import Testing
import Vapor
import VaporTesting

/// TOTP (RFC 6238) after the password, on a fixed clock; recovery codes work once; administrators must use it.
struct SecondFactorTests {
    /// Signs in with the password only and returns the pending session's headers (its CSRF token read from the database).
    func passwordStep(_ t: TestApp, _ username: String) async throws -> HTTPHeaders {
        let browser = try await t.anonymousForm()
        var headers = HTTPHeaders()
        try await t.app.testing().test(.POST, "/login", headers: browser.headers, beforeRequest: { req in
            try req.content.encode(["username": username, "password": DemoAccounts.password, "next": "/residents", "_csrf": browser.token], as: .urlEncodedForm)
        }) { res in
            #expect(res.status == .seeOther && res.headers.first(name: .location)?.hasPrefix("/login/code") == true)
            headers.cookie = HTTPCookies(dictionaryLiteral: ("gongzhi_session", res.headers.setCookie!["gongzhi_session"]!))
        }
        headers.replaceOrAdd(name: CSRFProtection.header, value: try await t.csrfToken(of: username))
        return headers
    }

    func enter(_ t: TestApp, _ code: String, as headers: HTTPHeaders) async throws -> HTTPStatus {
        try await t.post("/login/code", ["code": code, "next": "/residents"], as: headers).status
    }

    @Test(arguments: TestDatabase.available)
    func codesOnAFixedClockAndSingleUseRecoveryCodes(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let start = Date(timeIntervalSince1970: 1_800_000_010)
            t.app.gongzhi.now = { start }
            // A community worker turns it on (optional for them) with the code the authenticator shows.
            let first = try await t.signIn("tongxin")
            let setupCode = try await t.pendingAuthenticatorCode("tongxin", as: first)
            var recovery: [String] = []
            try await t.app.testing().test(.POST, "/account/totp", headers: first, beforeRequest: { req in
                try req.content.encode(["code": setupCode], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                recovery = res.body.string.matches(of: /<code>([0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/).map { String($0.1) }
            }
            #expect(recovery.count == 10)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM recovery_codes WHERE code_hash LIKE '%-%'") == 0, "stored hashed")

            // Next sign-in: the password alone opens nothing.
            let laptop = try await passwordStep(t, "tongxin")
            #expect(try await t.get("/residents", as: laptop).status == .seeOther)
            // The code already used to set up is refused (no replay); the next step's code opens the session.
            #expect(try await enter(t, setupCode, as: laptop) == .unauthorized)
            t.app.gongzhi.now = { start.addingTimeInterval(30) }
            #expect(try await enter(t, try await t.authenticatorCode("tongxin", at: start.addingTimeInterval(30)), as: laptop) == .seeOther)
            #expect(try await t.get("/residents", as: laptop).status == .ok)

            // A recovery code signs in once, and only once.
            let phone = try await passwordStep(t, "tongxin")
            #expect(try await enter(t, recovery[0].lowercased(), as: phone) == .seeOther)
            let tablet = try await passwordStep(t, "tongxin")
            #expect(try await enter(t, recovery[0], as: tablet) == .unauthorized)
            #expect(try await enter(t, recovery[1], as: tablet) == .seeOther)

            // Wrong codes count towards the lock like wrong passwords.
            let stranger = try await passwordStep(t, "tongxin")
            for _ in 1...4 { #expect(try await enter(t, "000000", as: stranger) == .unauthorized) }
            #expect(try await enter(t, "000000", as: stranger) == .forbidden)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM users WHERE username = 'tongxin' AND locked_until IS NOT NULL") == 1)
        }
    }

    @Test func administratorsMustSetUpAnAuthenticator() async throws {
        try await TestApp.with(.sqlite) { t in
            let admin = try await t.signIn("admin")
            let page = try await t.get("/users", as: admin)
            #expect(page.status == .seeOther)
            try await t.app.testing().test(.GET, "/users", headers: admin) { res in
                #expect(res.headers.first(name: .location) == "/account/totp")
            }
            let set = try await t.signInAdministrator("admin")
            #expect(try await t.get("/users", as: set).status == .ok)
            // Administrators cannot turn it off.
            try await t.app.testing().test(.POST, "/account/totp/disable", headers: set, beforeRequest: { req in
                try req.content.encode(["code": "123456"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .badRequest && res.body.string.contains("必须使用动态口令")) }
        }
    }
}
