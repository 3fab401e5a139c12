import Fluent
import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Every route × every role, built from the application's own route table: a route without an access rule fails
/// this test, a role outside the rule gets 403, a worker of one community gets 403 on every route that names a
/// record of another community (pages, API, exports alike), and no answer is a server error.
struct RouteMatrixTests {
    struct Persona { let name: String; let roles: Set<Role>; let seesOtherCommunity: Bool }

    @Test func everyRouteAnswersEveryRoleAsDeclared() async throws {
        try await TestApp.with(.sqlite) { t in
            // Records of 经纬社区: in the subdistrict worker's scope, outside the 通信花园社区 worker's and the building leader's.
            let other = "经纬社区"
            let resident = try await t.id(ScopeTests.residentIn(other))
            let household = try await t.id("SELECT household_id AS n FROM residents WHERE id = \(resident)")
            let dwelling = try await t.id("SELECT d.id AS n FROM places d JOIN residents r ON r.path = d.path WHERE r.id = \(resident)")
            let group = try await t.id("SELECT g.id AS n FROM building_groups g JOIN places c ON g.path LIKE c.path || '%' WHERE c.name = '\(other)' ORDER BY g.id LIMIT 1")
            let task = try await t.id("SELECT MIN(k.id) AS n FROM campaign_tasks k JOIN places c ON k.path LIKE c.path || '%' WHERE c.name = '\(other)'")
            let inOther = { (table: String) in
                "SELECT MIN(t.id) AS n FROM \(table) t JOIN places c ON t.path LIKE c.path || '%' WHERE c.name = '\(other)'"
            }
            var ids = ["places": dwelling, "residents": resident, "households": household, "star-groups": group, "tasks": task,
                       "task-reports": try await t.id("SELECT MIN(id) AS n FROM campaign_task_reports WHERE task_id = \(task)"),
                       "party/members": try await t.id(inOther("party_members")), "party/organizations": try await t.id(inOther("party_organizations")),
                       "organizations": try await t.id(inOther("organizations")), "facilities": try await t.id(inOther("facilities"))]
            // A photo kept with a record of that community (its star inspection's evidence).
            struct GroupPath: Decodable { let path: String }
            let photo = Photo()
            photo.module = "star-groups"; photo.recordID = 1; photo.contentType = "image/jpeg"; photo.sha256 = "0"; photo.width = 64; photo.height = 48
            photo.path = try await t.app.db.sql.raw("SELECT path FROM building_groups WHERE id = \(bind: group)").first(decoding: GroupPath.self)!.path
            photo.bytes = PhotoTests.phoneJPEG; photo.uploadedBy = "测试"; photo.uploadedAt = 0
            try await photo.create(on: t.app.db)
            ids["photos"] = try photo.requireID()
            // A matter of that community, opened by the subdistrict worker: its pages, and the residents' own.
            let compound = try await t.id("SELECT MIN(p.id) AS n FROM places p JOIN places c ON p.path LIKE c.path || '%' WHERE c.name = '\(other)' AND p.kind = 'compound' AND p.household_count > 0")
            #expect(try await t.post("/matters", ["title": "外院事项", "summary": "说明", "placeID": String(compound), "rule": "largeMajority"],
                                     as: try await t.signIn("jiedao")).status == .seeOther)
            ids["matters"] = try await t.id("SELECT MAX(id) AS n FROM matters")
            ids["me/matters"] = ids["matters"]
            // Reporting in and service in that community: its reports, needs, claims, projects, activities, members' records;
            // the same records through a member's, a unit contact's and a resident's own pages.
            for (key, table) in [("service/reports", "report_ins"), ("service/needs", "service_needs"), ("service/claims", "service_claims"),
                                 ("service/projects", "service_projects"), ("service/activities", "service_activities"), ("service/records", "party_members"),
                                 ("me/service/needs", "service_needs"), ("me/service/claims", "service_claims"), ("me/service/activities", "service_activities"),
                                 ("me/needs/claims", "service_claims"), ("co-building/agreements", "co_building_agreements"),
                                 ("co-building/meetings", "joint_meetings"), ("co-building/letters", "co_building_letters")] {
                ids[key] = try await t.id(inOther(table))
            }
            // A building group's check and a holder of its 1+3+N roles; a leader's own group page names that group too.
            ids["star-checks"] = try await t.id("SELECT MIN(id) AS n FROM star_inspections WHERE building_group_id = \(group)")
            try await t.app.db.sql.raw("""
                INSERT INTO building_group_roles (building_group_id, path, kind, resident_id, name, lives_elsewhere, appointed_by, appointed_at)
                SELECT id, path, 'buildingManager', \(bind: resident), '测试', \(bind: true), '测试', 0 FROM building_groups WHERE id = \(bind: group)
                """).run()
            ids["star-group-roles"] = try await t.id("SELECT MAX(id) AS n FROM building_group_roles")
            ids["me/group"] = group
            // The wall's rhythm: a weekly report of that community (the demo sends only 通信花园社区's), its supervision items.
            try await t.app.db.sql.raw("""
                INSERT INTO weekly_reports (community_id, path, week, figures, commentary, submitted_by, submitted_at)
                SELECT id, path, '2026-W01', '', '测试', '测试', 0 FROM places WHERE name = \(bind: other)
                """).run()
            ids["weekly-reports"] = try await t.id(inOther("weekly_reports"))
            ids["supervision"] = try await t.id(inOther("supervision_findings"))
            // A building of that community, as 楼宇党建 names it.
            ids["co-building/towers"] = try await t.id("SELECT MIN(p.id) AS n FROM places p JOIN places c ON p.path LIKE c.path || '%' WHERE c.name = '\(other)' AND p.kind = 'building'")
            // A subdistrict-wide campaign: every worker may open it and sees the tasks in their own places.
            let shared = ["campaigns": try await t.id("SELECT MIN(id) AS n FROM campaigns"), "service/workplaces": try await t.id("SELECT MIN(id) AS n FROM workplaces"),
                          "reviews": try await t.id("SELECT MIN(id) AS n FROM reviews")]

            let personas: [(Persona, HTTPHeaders)] = [
                (Persona(name: "anonymous", roles: [], seesOtherCommunity: false), HTTPHeaders()),
                (Persona(name: "louzu", roles: [.buildingGroupLeader], seesOtherCommunity: false), try await t.signIn("louzu")),
                (Persona(name: "tongxin", roles: [.communityWorker], seesOtherCommunity: false), try await t.signIn("tongxin")),
                (Persona(name: "admin", roles: [.administrator], seesOtherCommunity: false), try await t.signInAdministrator("admin")),
                (Persona(name: "shenji", roles: [.auditAdministrator], seesOtherCommunity: false), try await t.signInAdministrator("shenji")),
                (Persona(name: "anquan", roles: [.securityAdministrator], seesOtherCommunity: false), try await t.signInAdministrator("anquan")),
                (Persona(name: "jiedao", roles: [.subdistrictWorker], seesOtherCommunity: true), try await t.signIn("jiedao")),
                (Persona(name: "jumin", roles: [.resident], seesOtherCommunity: false), try await t.signIn("jumin")),
                (Persona(name: "dangyuan", roles: [.partyMember], seesOtherCommunity: false), try await t.signIn("dangyuan")),
                (Persona(name: "danwei", roles: [.unitContact], seesOtherCommunity: false), try await t.signIn("danwei")),
            ]
            // Routes that change or end things go last, so they do not disturb the rest of the walk.
            let routes = t.app.routes.all.sorted { Self.order($0) < Self.order($1) }
            #expect(routes.count >= 30)
            var checked = 0
            for (persona, headers) in personas {
                for route in routes {
                    let label = "\(persona.name) \(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"
                    guard let access = route.access else { Issue.record("\(label): route has no access rule"); continue }
                    let (path, namesRecord) = Self.concretePath(route, ids: ids, shared: shared)
                    var status = HTTPStatus.internalServerError
                    var location = ""
                    try await t.app.testing().test(route.method, path, headers: headers) { res in
                        status = res.status; location = res.headers.first(name: .location) ?? ""
                    }
                    checked += 1
                    #expect(status.code < 500, "\(label) → \(status.code)")
                    let allowed: Bool
                    switch access {
                    case .anyone: continue
                    case .signedIn: allowed = persona.name != "anonymous"
                    case .roles(let roles): allowed = !roles.isDisjoint(with: persona.roles)
                    }
                    if persona.name == "anonymous" {
                        #expect(status == .unauthorized || (status == .seeOther && location.hasPrefix("/login")), "\(label) → \(status.code) \(location)")
                    } else if !allowed {
                        #expect(status == .forbidden, "\(label) → \(status.code)")
                    } else if namesRecord && !persona.seesOtherCommunity {
                        #expect(status == .forbidden, "\(label): another community's record → \(status.code)")
                    } else {
                        #expect(status != .forbidden, "\(label) → 403")
                    }
                }
            }
            #expect(checked == routes.count * personas.count)

            // The matrix reads each route's own rule; these rules are pinned here, so widening one is a visible change.
            let pinned: [String: Access] = [
                "POST /places/:id": .roles(Role.placeEditors), "POST /places/:id/children": .roles(Role.placeEditors),
                "POST /organizations": .roles(Role.placeEditors), "GET /residents/:id": .roles(Role.business),
                "GET /exchange/:ledger/export.xlsx": .roles(Role.business), "GET /users": .roles([.administrator]), "POST /users/:id/password": .roles([.administrator]),
                "POST /roles": .roles([.securityAdministrator]), "POST /roles/:id/revoke": .roles([.securityAdministrator]),
                "GET /audit": .roles([.auditAdministrator]), "GET /audit/export.xlsx": .roles([.auditAdministrator]),
                "GET /account": .signedIn, "POST /login": .anyone,
                "POST /star-groups/:id/inspections": .roles(Role.placeEditors), "POST /star-checks/:id/confirm": .roles(Role.placeEditors),
                "POST /star-groups/:id/roles": .roles(Role.placeEditors), "POST /star-group-roles/:id/sign-up-code": .roles(Role.codeIssuers),
                "GET /me/group": .roles([.buildingGroupLeader]), "POST /me/group/:id/checks": .roles([.buildingGroupLeader]),
                "POST /star-groups/:id/appraisals": .roles(Role.business), "POST /reviews": .roles([.subdistrictWorker]), "POST /forums": .roles([.subdistrictWorker]),
                "POST /supervision/:id/rectify": .roles(Role.placeEditors), "GET /ranking": .roles(Role.business), "POST /settings/review-rubric": .roles([.administrator]), "POST /co-building/members": .roles(Role.placeEditors),
                "POST /co-building/agreements/:id/end": .roles(Role.placeEditors), "POST /co-building/meetings": .roles(Role.placeEditors),
                "GET /co-building/evaluation": .roles(Role.business), "POST /co-building/towers/:id/swap": .roles(Role.placeEditors),
                "POST /veterans/medals": .roles(Role.placeEditors), "GET /campaigns/:id": .roles(Role.business),
                "POST /veterans": .roles(Role.placeEditors), "POST /tasks/:id/reports": .roles(Role.business),
                "POST /task-reports/:id/return": .roles(Role.placeEditors), "POST /campaigns/:id/tasks": .roles(Role.placeEditors),
                "POST /assignments": .roles(Role.placeEditors), "GET /me/tasks": .roles(Role.business),
                "POST /party/members/:id": .roles(Role.placeEditors), "POST /party/members/:id/delete": .roles(Role.placeEditors),
                "POST /party/organizations": .roles(Role.placeEditors), "POST /party/organizations/:id": .roles(Role.placeEditors),
                "POST /organizations/:id": .roles(Role.placeEditors), "POST /facilities/:id": .roles(Role.placeEditors),
                "GET /party/members/:id": .roles(Role.business),
                // A building-group leader records; removing, moving and enrolling people and importing ledgers are the workers'.
                "POST /residents/:id/delete": .roles(Role.placeEditors), "POST /residents/:id/move": .roles(Role.placeEditors),
                "POST /residents/:id/party-member": .roles(Role.placeEditors), "POST /households/:id/delete": .roles(Role.placeEditors),
                "POST /exchange/:ledger": .roles(Role.placeEditors), "POST /residents/:id": .roles(Role.business),
                "GET /photos/:id": .roles(Role.business), "GET /photos/:id/thumbnail": .roles(Role.business),
                // People's own sign-in: workers issue the codes; the person makes the account; their page is theirs.
                "POST /residents/:id/sign-up-code": .roles(Role.codeIssuers), "POST /party/members/:id/sign-up-code": .roles(Role.codeIssuers),
                "POST /organizations/:id/sign-up-code": .roles(Role.codeIssuers), "POST /signup": .anyone, "GET /me": .roles(Role.people),
                // Deliberation: workers see the matters of their places, community workers write them; a resident their household's.
                "GET /matters": .roles(Role.business), "GET /matters/:id": .roles(Role.business), "POST /matters": .roles(Role.placeEditors),
                "POST /matters/:id/ballots": .roles(Role.placeEditors), "POST /matters/:id/advance": .roles(Role.placeEditors),
                "GET /me/matters/:id": .roles([.resident]), "POST /me/matters/:id/ballot": .roles([.resident]),
                // Notices are public; objections come from those signed in, answers and corrections from the community.
                "GET /notices/:id": .anyone, "GET /notices/verify": .anyone, "POST /notices/:id/objections": .signedIn,
                "POST /notices/:id/objections/:objection/answer": .roles(Role.placeEditors), "POST /notices/:id/corrections": .roles(Role.placeEditors),
                "GET /api/v1/matters/:id": .roles(Role.business), "GET /matters/:id/export.xlsx": .roles(Role.business),
                // News: anyone reads, community workers write.
                "GET /settings/votes": .roles([.administrator]), "POST /settings/votes": .roles([.administrator]),
                // Reporting in and service: workers see their places' lists, community workers decide; people act on their own pages.
                "GET /service": .roles(Role.business), "POST /service/reports/:id/confirm": .roles(Role.placeEditors),
                "POST /service/claims/:id/confirm": .roles(Role.placeEditors), "POST /service/activities/:id/check-ins": .roles(Role.placeEditors),
                "GET /service/records/:id/letter": .roles(Role.business), "GET /service/workplaces/:id/records.xlsx": .roles(Role.business),
                "GET /me/service": .roles([.partyMember, .unitContact]), "POST /me/service/needs/:id/claim": .roles([.partyMember, .unitContact]),
                "GET /me/needs": .roles([.resident]), "POST /me/needs/claims/:id/confirm": .roles([.resident]),
                // The census: its own roles only; the office runs the campaign, instructors and the office record around it.
                "GET /census-visits/:id": .roles(Role.census), "POST /census-visits/:id": .roles(Role.census), "GET /api/v1/census/:id/visits": .roles(Role.census),
                "POST /census/:id/purge": .roles([.censusOffice]), "POST /census/:id/members": .roles([.censusOffice]),
                "POST /census/:id/standups": .roles([.censusOffice, .censusInstructor]), "GET /census/:id/exports/:list": .roles(Role.census),
                "GET /news/:id": .anyone, "GET /feed.atom": .anyone, "POST /news": .roles(Role.placeEditors), "POST /news/preview": .roles(Role.placeEditors),
            ]
            for (key, access) in pinned {
                let route = routes.first { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" == key }
                #expect(route?.access == access, "\(key)")
            }
        }
    }

    /// The route's path with its parameters filled: record ids from the other community, a ledger name. Whether
    /// the route names a record outside a community worker's places: one of those ids, or the subdistrict itself.
    static func concretePath(_ route: Route, ids: [String: Int], shared: [String: Int]) -> (String, Bool) {
        var parts: [String] = [], previous = "", namesRecord = route.path.map(\.description) == ["api", "v1", "profile"]
        for component in route.path {
            switch component {
            case .constant(let text):
                // The record kind is the path so far, the same for a page and its API (`party/members`, `api/v1/residents`).
                parts.append(text); previous = parts.joined(separator: "/").replacingOccurrences(of: "api/v1/", with: "")
            case .parameter(let name) where name == "id":
                // Accounts and grants: an id that does not exist, so the walk changes nobody's access.
                parts.append(String(ids[previous] ?? shared[previous] ?? 999_999)); namesRecord = ids[previous] != nil
            case .parameter(let name) where name == "ledger": parts.append("residents")
            default: parts.append("x")
            }
        }
        return ("/" + parts.joined(separator: "/"), namesRecord)
    }

    static func order(_ route: Route) -> Int {
        let path = route.path.map(\.description).joined(separator: "/")
        if path == "logout" { return 4 }
        if path.hasPrefix("account/sessions") { return 3 }
        if path.hasSuffix("delete") || path.hasSuffix("dismiss") { return 2 }
        return route.method == .GET ? 0 : 1
    }
}
