import Fluent
import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Integration tokens: made by the security administrator, shown once, stored hashed, held to one role at one
/// place, valid under /api only, audited, revocable.
struct APITokenTests {
    @Test(arguments: TestDatabase.available)
    func tokensAreScopedAuditedAndRevocable(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let security = try await t.signInAdministrator("anquan")
            let tongxin = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            var token = ""
            try await t.app.testing().test(.POST, "/roles/tokens", headers: security, beforeRequest: { req in
                try req.content.encode(["tokenName": "网格平台", "tokenRole": "administrator", "tokenPlaceID": String(tongxin)], as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("只能持有业务角色")) }
            try await t.app.testing().test(.POST, "/roles/tokens", headers: security, beforeRequest: { req in
                try req.content.encode(["tokenName": "网格平台", "tokenRole": "communityWorker", "tokenPlaceID": String(tongxin)], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                token = res.body.string.firstMatch(of: /<code id="new-token">(gz_[A-Za-z0-9_-]+)<\/code>/).map { String($0.1) } ?? ""
            }
            #expect(token.hasPrefix("gz_"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM api_tokens WHERE token_hash = '\(token)'") == 0, "stored hashed")
            #expect(!(try await t.get("/roles", as: security).body.contains(token)), "shown once")

            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = BearerAuthorization(token: token)
            let mine = try await t.id(ScopeTests.residentIn("通信花园社区"))
            let other = try await t.id(ScopeTests.residentIn("经纬社区"))
            try await t.app.testing().test(.GET, "/api/v1/residents/\(mine)", headers: bearer) { res in #expect(res.status == .ok) }
            try await t.app.testing().test(.GET, "/api/v1/residents/\(other)", headers: bearer) { res in #expect(res.status == .forbidden) }
            // Writes need no CSRF token (no cookie is involved) and are recorded under the token's name.
            bearer.contentType = .json
            try await t.app.testing().test(.PATCH, "/api/v1/residents/\(mine)", headers: bearer, body: ByteBuffer(string: #"{"relation": "户主", "version": 1}"#)) { res in
                #expect(res.status == .ok)
            }
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM audit_entries WHERE username = 'api:网格平台' AND action = 'PATCH /api/v1/residents/:id' AND result = 'success'") == 1)
            // Pages are for people: a token opens nothing outside /api.
            try await t.app.testing().test(.GET, "/residents", headers: bearer) { res in #expect(res.status == .seeOther || res.status == .unauthorized) }

            let id = try await t.id("SELECT id AS n FROM api_tokens")
            try await t.app.testing().test(.POST, "/roles/tokens/\(id)/revoke", headers: security) { res in #expect(res.status == .seeOther) }
            try await t.app.testing().test(.GET, "/api/v1/residents/\(mine)", headers: bearer) { res in #expect(res.status == .unauthorized) }
            var forged = HTTPHeaders()
            forged.bearerAuthorization = BearerAuthorization(token: "gz_made-up")
            try await t.app.testing().test(.GET, "/api/v1/profile", headers: forged) { res in #expect(res.status == .unauthorized) }
        }
    }
}
