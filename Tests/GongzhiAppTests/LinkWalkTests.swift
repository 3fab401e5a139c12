import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// Every role walks the site from its start page as a user would, following every link it is shown and reading every
/// form's action: no link leads to a missing page (404), a refusal (403) or a server error, and no form posts to an
/// address the application does not answer. Every page address of every module is reached by some role.
struct LinkWalkTests {
    /// A link or form found on a page.
    struct Target { let method: HTTPMethod; let path: String }

    @Test func everyRoleFollowsEveryLinkAndFormItIsShown() async throws {
        try await TestApp.with(.sqlite) { t in
            let routes = t.app.routes.all
            let personas = [("louzu", try await t.signIn("louzu")), ("tongxin", try await t.signIn("tongxin")),
                            ("jiedao", try await t.signIn("jiedao")), ("admin", try await t.signInAdministrator("admin")),
                            ("anquan", try await t.signInAdministrator("anquan")), ("shenji", try await t.signInAdministrator("shenji")),
                            ("jumin", try await t.signIn("jumin")), ("dangyuan", try await t.signIn("dangyuan")), ("danwei", try await t.signIn("danwei")),
                            ("puchaban", try await t.signIn("puchaban")), ("zhidao", try await t.signIn("zhidao")), ("pucha", try await t.signIn("pucha"))]
            var reached: Set<String> = []
            for (name, headers) in personas {
                var queue = ["/"]
                var seen = Set(queue)
                // A few pages of each pattern are enough: the tenth resident's page has the same links as the first.
                var perPattern: [String: Int] = [:]
                while let path = queue.first {
                    queue.removeFirst()
                    guard let route = Self.route(for: path, method: .GET, in: routes) else {
                        Issue.record("\(name): link to \(path) has no page (404)"); continue
                    }
                    let pattern = Self.pattern(route)
                    perPattern[pattern, default: 0] += 1
                    guard perPattern[pattern]! <= 3 else { continue }
                    reached.insert(pattern)
                    var status = HTTPStatus.internalServerError, body = "", location = ""
                    try await t.app.testing().test(.GET, path, headers: headers) { res in
                        status = res.status; body = res.body.string; location = res.headers.first(name: .location) ?? ""
                    }
                    #expect(status.code < 400, "\(name): GET \(path) → \(status.code)")
                    if status == .seeOther || status == .found, location.hasPrefix("/"), seen.insert(location).inserted { queue.append(location) }
                    guard status == .ok, body.contains("<html") else { continue }
                    for target in Self.targets(in: body) {
                        if target.method == .GET {
                            if seen.insert(target.path).inserted { queue.append(target.path) }
                        } else if Self.route(for: target.path, method: target.method, in: routes) == nil {
                            Issue.record("\(name): a form on \(path) posts to \(target.path), which nothing answers")
                        } else {
                            reached.insert(Self.pattern(Self.route(for: target.path, method: target.method, in: routes)!))
                        }
                    }
                }
            }
            // Every page of every module is reached by someone; the API, first-run set-up, the second sign-in step and the
            // plain health route are reached by programs and other states, not by links, and photos (images, not pages)
            // only once a record has one.
            let pages = routes.filter { $0.method == .GET }.map(Self.pattern)
                .filter { !$0.hasPrefix("/api/") && !$0.hasPrefix("/photos/") && !$0.hasSuffix("/photos/:photo") && !["/healthz", "/setup", "/login/code", "/login", "/signup"].contains($0) }
            let missed = Set(pages).subtracting(reached).sorted()
            #expect(missed.isEmpty, "pages no link leads to: \(missed)")
        }
    }

    /// Links (`<a href>`) and forms (`<form method action>`) of a page, within the site.
    static func targets(in html: String) -> [Target] {
        var result: [Target] = []
        let unescape = { (s: String) in s.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#x2F;", with: "/") }
        for match in html.matches(of: /<a\s[^>]*href="([^"#][^"]*)"/) {
            // The fragment stays in the browser: `/a#b` asks the server for `/a`.
            let href = String(unescape(String(match.output.1)).split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if href.hasPrefix("/") && !href.hasPrefix("/css/") && !href.hasPrefix("//") { result.append(Target(method: .GET, path: href)) }
        }
        for match in html.matches(of: /<form\s([^>]*)>/) {
            let attributes = String(match.output.1)
            guard let action = attributes.firstMatch(of: /action="([^"]*)"/).map({ unescape(String($0.output.1)) }), action.hasPrefix("/") else { continue }
            let post = attributes.contains("method=\"post\"")
            result.append(Target(method: post ? .POST : .GET, path: action))
        }
        return result
    }

    /// The route that answers `path` (its query left aside), if any.
    static func route(for path: String, method: HTTPMethod, in routes: [Route]) -> Route? {
        let segments = (path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "").split(separator: "/").map(String.init)
        let matching = routes.filter { route in
            guard route.method == method, route.path.count == segments.count else { return false }
            return zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let value): value == segment
                case .parameter: true
                default: false
                }
            }
        }
        // As the router does: a constant segment (`/places/plan`) before a parameter (`/places/:id`).
        return matching.max { a, b in
            a.path.filter { if case .constant = $0 { true } else { false } }.count < b.path.filter { if case .constant = $0 { true } else { false } }.count
        }
    }

    static func pattern(_ route: Route) -> String { "/" + route.path.map(\.description).joined(separator: "/") }
}
