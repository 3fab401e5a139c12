import Foundation
import GongzhiKit
import GongzhiRegistry
import Testing
import Vapor
import VaporTesting

/// Random and extreme values for every path, query and form parameter of every route in the route table, as every
/// kind of user: every answer is below 500 and the server keeps answering. Seeded, so a failure can be replayed;
/// bounded in count, so it runs in the test command.
struct FuzzTests {
    static let hostile = ["0", "-1", "1", "2", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
                          "1e308", "1e9", "NaN", "inf", "0x10", "1.5", "", " ", "abc", "%00", "%FF", "%C0%AF", "..%2f..%2fetc%2fpasswd",
                          "%27%20OR%201%3D1--", "%3Cscript%3E", "%EF%BC%91", "%E2%80%AE", String(repeating: "9", count: 400),
                          String(repeating: "%E9%95%BF", count: 3_000), "true", "desc", "name"]
    static let queryKeys = ["page", "per", "sort", "dir", "organization", "kind", "category", "tag", "name", "address", "committee",
                            "subdistrict", "red", "redProperty", "next", "saved", "result", "user", "from", "to", "idNumber"]
    static let formFields = ["name", "code", "area", "areaKm2", "kind", "placeID", "organizationID", "committeeID", "veteranID", "idNumber",
                             "phone", "gender", "birthDate", "residency", "relation", "tags", "householdCode", "category", "joinedOn",
                             "workplace", "foundedOn", "address", "status", "progress", "evidence", "date", "reason", "username",
                             "password", "role", "userID", "openedOn", "redProperty", "hasPartyOrganization", "managementType",
                             "propertyCompanyID", "parentID", "signer", "clearPhone", "code", "displayName", "next", "ledger"]

    @Test func everyRouteSurvivesHostileParameters() async throws {
        try await TestApp.with(.sqlite) { t in
            var rng = DemoRandom(seed: 20_261_202)
            let personas: [(String, HTTPHeaders)] = [("anonymous", HTTPHeaders()), ("louzu", try await t.signIn("louzu")),
                                                     ("tongxin", try await t.signIn("tongxin")), ("jiedao", try await t.signIn("jiedao")),
                                                     ("anquan", try await t.signInAdministrator("anquan"))]
            // Sign-out and session ends go last or not at all: the walk must keep its sessions.
            let routes = t.app.routes.all.filter {
                let path = $0.path.map(\.description).joined(separator: "/")
                return path != "logout" && !path.hasPrefix("account/sessions") && !path.hasSuffix("password")
            }
            var sent = 0
            var failures: [String] = []
            for (persona, headers) in personas {
                for route in routes {
                    for round in 0..<5 {
                        let path = "/" + route.path.map { component -> String in
                            switch component {
                            case .constant(let text): return text
                            case .parameter(let name) where name == "ledger": return round == 0 ? "residents" : Self.hostile.randomElement(using: &rng)!
                            default: return round == 0 ? "1" : Self.hostile.randomElement(using: &rng)!.replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: " ", with: "%20")
                            }
                        }.joined(separator: "/")
                        let query = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                            "\(Self.queryKeys.randomElement(using: &rng)!)=\(Self.hostile.randomElement(using: &rng)!.replacingOccurrences(of: " ", with: "+"))"
                        }.joined(separator: "&")
                        var form: [String: String] = ["_csrf": headers.first(name: CSRFProtection.header) ?? ""]
                        for _ in 0..<Int.random(in: 2...8, using: &rng) {
                            let raw = Self.hostile.randomElement(using: &rng)!
                            form[Self.formFields.randomElement(using: &rng)!] = raw.removingPercentEncoding ?? raw
                        }
                        let asJSON = route.path.first?.description == "api"
                        let uri = path + "?" + query
                        var status = HTTPStatus.internalServerError
                        try await t.app.testing().test(route.method, uri, headers: headers, beforeRequest: { req in
                            guard route.method != .GET else { return }
                            if asJSON { try req.content.encode(form, as: .json) } else { try req.content.encode(form, as: .urlEncodedForm) }
                        }) { res in status = res.status }
                        sent += 1
                        if status.code >= 500 { failures.append("\(persona) \(route.method.rawValue) \(uri.prefix(200)) → \(status.code)") }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) server errors, first: \(failures.prefix(5))")
            #expect(sent >= routes.count * personas.count * 5)
            var alive = false
            try await t.app.testing().test(.GET, "/healthz") { res in alive = res.status == .ok }
            #expect(alive)
        }
    }
}
