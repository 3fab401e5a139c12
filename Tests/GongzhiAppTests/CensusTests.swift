import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

/// Door-to-door registration: areas covering every household once, the seeded sample, progress adding up from the
/// visits, the bad inputs refused with nothing half-saved, the reconciliation that finds a household added after the
/// list was drawn, and confidentiality — no route, audit page or export reaches a visit's content without the
/// campaign's own role.
struct CensusTests {
    /// An open campaign over the small demo, run as the census office does it: stages around today, areas proposed,
    /// `zhidao` instructing and `pucha` enumerating the first area of 通信花园社区, the list drawn.
    struct Open {
        let campaign: Int, area: Int, otherArea: Int, pucha: Int, office: HTTPHeaders
    }

    static func open(_ t: TestApp) async throws -> Open {
        let today = BeijingTime.day(of: t.app.gongzhi.now())
        let office = try await t.signIn("puchaban")
        var form = ["kind": "sampleSurvey", "name": "测试抽样调查", "standardTime": today.description, "areaTarget": "80", "samplePerMille": "100"]
        for (stage, from, to) in [("canvass", -10, -1), ("shortForm", 0, 30), ("longForm", 0, 30), ("review", 31, 40)] {
            form["\(stage)From"] = today.adding(days: from).description; form["\(stage)To"] = today.adding(days: to).description
        }
        let made = try await t.post("/census", form, as: office)
        #expect(made.status == .seeOther, "\(made.body.prefix(300))")
        let campaign = try await t.id("SELECT MAX(id) AS n FROM census_campaigns")
        #expect(try await t.post("/census/\(campaign)/areas/propose", [:], as: office).status == .seeOther)
        #expect(try await t.post("/census/\(campaign)/members", ["username": "zhidao", "kind": "instructor"], as: office).status == .seeOther)
        let instructor = try await t.id("SELECT MAX(id) AS n FROM census_members WHERE campaign_id = \(campaign)")
        #expect(try await t.post("/census/\(campaign)/members", ["username": "pucha", "kind": "enumerator", "instructorID": String(instructor)], as: office).status == .seeOther)
        let pucha = try await t.id("SELECT MAX(id) AS n FROM census_members WHERE campaign_id = \(campaign)")
        let area = try await t.id("SELECT MIN(a.id) AS n FROM census_areas a JOIN places c ON c.id = a.community_id WHERE a.campaign_id = \(campaign) AND c.name = '通信花园社区'")
        let otherArea = try await t.id("SELECT MAX(id) AS n FROM census_areas WHERE campaign_id = \(campaign)")
        #expect(try await t.post("/census-areas/\(area)/enumerator", ["memberID": String(pucha), "instructorID": String(instructor)], as: office).status == .seeOther)
        return Open(campaign: campaign, area: area, otherArea: otherArea, pucha: pucha, office: office)
    }

    static func start(_ t: TestApp, _ o: Open) async throws {
        let started = try await t.post("/census/\(o.campaign)/start", [:], as: o.office)
        #expect(started.status == .seeOther, "\(started.body.prefix(300))")
    }

    @Test(arguments: TestDatabase.available)
    func areasCoverEveryHouseholdOnceAndTheSampleIsReproducible(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let o = try await Self.open(t)
            try await Self.start(t, o)
            struct Path: Decodable { let id: Int; let path: String }
            let households = try await t.app.db.sql.raw("SELECT id, path FROM households").all(decoding: Path.self)
            let parts = try await t.app.db.sql.raw("SELECT area_id AS id, path FROM census_area_parts WHERE campaign_id = \(bind: o.campaign)").all(decoding: Path.self)
            for h in households {
                #expect(parts.filter { h.path.hasPrefix($0.path) }.count == 1, "household \(h.id) in \(parts.filter { h.path.hasPrefix($0.path) }.count) areas")
            }
            // One visit per household, in the area whose part holds it.
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visits WHERE campaign_id = \(o.campaign)") == households.count)
            #expect(try await t.scalar("SELECT COUNT(DISTINCT household_id) AS n FROM census_visits WHERE campaign_id = \(o.campaign)") == households.count)
            // The sample again from the campaign's seed and each area's number: the same households, and 10% of each area.
            struct Visit: Decodable { let household_id: Int; let area_id: Int; let long_form: Bool; let number: Int }
            let visits = try await t.app.db.sql.raw("""
                SELECT v.household_id, v.area_id, v.long_form, a.number FROM census_visits v JOIN census_areas a ON a.id = v.area_id WHERE v.campaign_id = \(bind: o.campaign)
                """).all(decoding: Visit.self)
            let seed = try await t.scalar("SELECT sample_seed AS n FROM census_campaigns WHERE id = \(o.campaign)")
            for (_, list) in Dictionary(grouping: visits, by: \.area_id) {
                let again = SampleDraw.draw(list.map(\.household_id), perMille: 100, seed: SampleDraw.seed(campaign: seed, area: list[0].number))
                #expect(Set(list.filter(\.long_form).map(\.household_id)) == again)
                #expect(abs(Double(again.count) - Double(list.count) / 10) <= 0.5)
            }
            // The areas are fixed once the list is drawn.
            let moved = try await t.post("/census-areas/\(o.area)/parts", ["placeID": "1"], as: o.office)
            #expect(moved.status == .unprocessableEntity && moved.body.contains("入户登记已开始"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func progressAddsUpFromTheVisits(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let o = try await Self.open(t)
            try await Self.start(t, o)
            let pucha = try await t.signIn("pucha")
            let visits = try await t.app.db.sql.raw("SELECT id AS n FROM census_visits WHERE area_id = \(bind: o.area) ORDER BY path")
                .all(decoding: IDRow.self).map(\.n)
            #expect(visits.count >= 6)
            for (visit, status) in zip(visits, ["registered", "registered", "selfEnumerated", "vacant", "refused", "away"]) {
                let answer = try await t.post("/census-visits/\(visit)", ["status": status], as: pucha)
                #expect(answer.status == .seeOther, "\(answer.body.prefix(300))")
            }
            // An appointment this evening or later shows on that day's list.
            let slot = try await t.post("/census-visits/\(visits[6])/appointment", ["day": BeijingTime.day(of: t.app.gongzhi.now()).adding(days: 1).description, "time": "19:30"], as: pucha)
            #expect(slot.status == .seeOther)
            let tomorrow = try await t.get("/census/\(o.campaign)/day?day=\(BeijingTime.day(of: t.app.gongzhi.now()).adding(days: 1))", as: pucha)
            #expect(tomorrow.body.contains("当日预约（1户）") && tomorrow.body.contains("19:30"))

            struct Progress: Decodable { let households: Int; let settled: Int; let registered: Int; let byStatus: [String: Int] }
            struct Area: Decodable { let id: Int; let households: Int; let settled: Int; let registered: Int }
            let total = try JSONDecoder().decode(Progress.self, from: Data(try await t.get("/api/v1/census/\(o.campaign)/progress", as: o.office).body.utf8))
            let areas = try JSONDecoder().decode([Area].self, from: Data(try await t.get("/api/v1/census/\(o.campaign)/areas", as: o.office).body.utf8))
            #expect(total.households == (try await t.scalar("SELECT COUNT(*) AS n FROM census_visits WHERE campaign_id = \(o.campaign)")))
            #expect(total.settled == 4 && total.registered == 3 && total.byStatus["refused"] == 1 && total.byStatus["appointment"] == 1)
            #expect(areas.reduce(0) { $0 + $1.households } == total.households)
            #expect(areas.reduce(0) { $0 + $1.settled } == total.settled)
            // By community on the page: 通信花园社区's row carries the four settled.
            let page = try await t.get("/census/\(o.campaign)/progress", as: o.office)
            #expect(page.status == .ok && page.body.contains("已完成4户"))
            // The instructor sees their enumerator's area only; the enumerator their own.
            let mine = try JSONDecoder().decode([Area].self, from: Data(try await t.get("/api/v1/census/\(o.campaign)/areas", as: try await t.signIn("zhidao")).body.utf8))
            #expect(mine.map(\.id) == [o.area] && mine[0].settled == 4)
            #expect(try await t.get("/census-visits/\(visits[0])", as: pucha).status == .ok)
            // The overview's sentence, for a worker who holds no census role: counts of whole areas, no link into the census.
            let areaCount = try await t.scalar("SELECT COUNT(*) AS n FROM census_areas WHERE campaign_id = \(o.campaign)")
            let overview = try await t.get("/overview", as: try await t.signIn("jiedao"))
            #expect(overview.body.contains("测试抽样调查划分普查小区\(areaCount)个，选派“两员”2名，入户登记3户（其中自主填报1户）"), "\(overview.body.prefix(100))")
            #expect(!overview.body.contains("href=\"/census"))
        }
    }

    @Test func badInputIsRefusedAndNothingIsHalfSaved() async throws {
        try await TestApp.with(.sqlite) { t in
            let o = try await Self.open(t)
            // Overlapping areas: an entrance of a building another area holds; a building of another community.
            struct Part: Decodable { let area_id: Int; let place_id: Int }
            let before = try await t.app.db.sql.raw("SELECT area_id, place_id FROM census_area_parts WHERE campaign_id = \(bind: o.campaign) ORDER BY place_id").all(decoding: Part.self)
            // An entrance of a building that one area holds, offered to another area of the same community.
            struct Pair: Decodable { let entrance: Int; let target: Int }
            let pair = try await t.app.db.sql.raw("""
                SELECT e.id AS entrance, b.id AS target FROM places e JOIN census_area_parts p ON e.parent_id = p.place_id
                JOIN census_areas a ON a.id = p.area_id JOIN census_areas b ON b.community_id = a.community_id AND b.id <> a.id AND b.campaign_id = a.campaign_id
                WHERE p.campaign_id = \(bind: o.campaign) AND e.kind = 'entrance' ORDER BY e.id LIMIT 1
                """).first(decoding: Pair.self)!
            let overlap = try await t.post("/census-areas/\(pair.target)/parts", ["placeID": String(pair.entrance)], as: o.office)
            #expect(overlap.status == .unprocessableEntity && overlap.body.contains("重叠"), "\(overlap.body.prefix(200))")
            let far = try await t.id("SELECT MIN(p.place_id) AS n FROM census_area_parts p JOIN census_areas a ON a.id = p.area_id WHERE p.campaign_id = \(o.campaign) AND a.community_path <> (SELECT community_path FROM census_areas WHERE id = \(o.area))")
            let across = try await t.post("/census-areas/\(o.area)/parts", ["placeID": String(far)], as: o.office)
            #expect(across.status == .unprocessableEntity && across.body.contains("不跨社区"))
            #expect(try await t.app.db.sql.raw("SELECT area_id, place_id FROM census_area_parts WHERE campaign_id = \(bind: o.campaign) ORDER BY place_id").all(decoding: Part.self).map(\.area_id) == before.map(\.area_id))
            // A companion from another community.
            let outsider = try await t.id(ScopeTests.residentIn("经纬社区"))
            let companion = try await t.post("/census-areas/\(o.area)/companions", ["kind": "buildingLeader", "residentID": String(outsider)], as: o.office)
            #expect(companion.status == .unprocessableEntity && companion.body.contains("不住在本普查小区所在社区"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_companions WHERE campaign_id = \(o.campaign)") == 0)
            // An administrator cannot be appointed; an unknown account is named.
            #expect(try await t.post("/census/\(o.campaign)/members", ["username": "admin", "kind": "enumerator"], as: o.office).body.contains("管理员不能担任普查人员"))
            #expect(try await t.post("/census/\(o.campaign)/members", ["username": "nobody", "kind": "enumerator"], as: o.office).body.contains("没有账号“nobody”"))

            try await Self.start(t, o)
            let pucha = try await t.signIn("pucha")
            // A household outside the enumerator's areas.
            let foreign = try await t.id("SELECT MIN(id) AS n FROM census_visits WHERE area_id = \(o.otherArea)")
            #expect(try await t.post("/census-visits/\(foreign)", ["status": "registered"], as: pucha).status == .forbidden)
            #expect(try await t.get("/census-visits/\(foreign)", as: pucha).status == .forbidden)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visit_events WHERE visit_id = \(foreign)") == 0)
            // A result that is no result, an appointment in the past.
            let mine = try await t.id("SELECT MIN(id) AS n FROM census_visits WHERE area_id = \(o.area) AND long_form = 0")
            #expect(try await t.post("/census-visits/\(mine)", ["status": "notVisited"], as: pucha).status == .unprocessableEntity)
            let past = try await t.post("/census-visits/\(mine)/appointment", ["day": "2020-01-01", "time": "19:00"], as: pucha)
            #expect(past.status == .unprocessableEntity && past.body.contains("预约日期不能早于今天"))
            // After the short-form stage is closed (and the long form, for a household not in the sample) no status changes.
            for stage in ["shortForm", "longForm"] {
                #expect(try await t.post("/census/\(o.campaign)/stages", ["stage": stage, "action": "close"], as: o.office).status == .seeOther)
            }
            let late = try await t.post("/census-visits/\(mine)", ["status": "registered"], as: pucha)
            #expect(late.status == .unprocessableEntity && late.body.contains("阶段已结束"), "\(late.body.prefix(300))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visit_events WHERE visit_id = \(mine)") == 0)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visits WHERE id = \(mine) AND status = 'notVisited'") == 1)
            // The office's pages refuse the enumerator.
            #expect(try await t.post("/census/\(o.campaign)/close", [:], as: pucha).status == .forbidden)
        }
    }

    /// An enumerator recruited without an account: appointed by name, given an area, a slip with a one-time code, an
    /// account of their own that lands on their day; removed, the account stops.
    @Test func aRecruitSignsUpWithACodeAndWorksTheirArea() async throws {
        try await TestApp.with(.sqlite) { t in
            let o = try await Self.open(t)
            #expect(try await t.post("/census/\(o.campaign)/members", ["name": "临时普查员", "kind": "instructor"], as: o.office).body.contains("按姓名选派的只能是普查员"))
            #expect(try await t.post("/census/\(o.campaign)/members", ["name": "临时普查员", "kind": "enumerator"], as: o.office).status == .seeOther)
            let recruit = try await t.id("SELECT MAX(id) AS n FROM census_members WHERE campaign_id = \(o.campaign)")
            #expect(try await t.post("/census-areas/\(o.otherArea)/enumerator", ["memberID": String(recruit)], as: o.office).status == .seeOther)
            try await Self.start(t, o)
            let slip = try await t.post("/census-members/\(recruit)/sign-up-code", [:], as: o.office)
            let code = try #require(PeopleAccountsTests.slipCode(slip.body))
            let form = try await t.anonymousForm("/signup")
            let made = try await t.post("/signup", ["code": code, "username": "lspc", "password": "Pucha-Temp-2026", "confirm": "Pucha-Temp-2026", "_csrf": form.token], as: form.headers)
            #expect(made.status == .seeOther)
            let headers = try await t.signIn("lspc", password: "Pucha-Temp-2026")
            #expect(try await t.get("/me/census", as: headers).status == .seeOther)
            let day = try await t.get("/census/\(o.campaign)/day", as: headers)
            #expect(day.status == .ok && day.body.contains("待入户"))
            let mine = try await t.id("SELECT MIN(id) AS n FROM census_visits WHERE area_id = \(o.otherArea)")
            #expect(try await t.post("/census-visits/\(mine)", ["status": "registered"], as: headers).status == .seeOther)
            // Not pucha's area, and nothing of the demo's finished census.
            #expect(try await t.get("/census-visits/\(try await t.id("SELECT MIN(id) AS n FROM census_visits WHERE area_id = \(o.area)"))", as: headers).status == .forbidden)
            #expect(try await t.get("/census/1/day", as: headers).status == .forbidden)
            #expect(try await t.post("/census-members/\(recruit)/remove", [:], as: o.office).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM users WHERE username = 'lspc' AND active = 1") == 0)
        }
    }

    @Test func reconciliationFindsAHouseholdAddedAfterTheListWasDrawn() async throws {
        try await TestApp.with(.sqlite) { t in
            let o = try await Self.open(t)
            try await Self.start(t, o)
            let quiet = try await t.get("/census/\(o.campaign)/quality", as: o.office)
            #expect(quiet.body.contains("（0处不一致）"))
            // 通信花园社区's worker adds a household to a dwelling of the enumerator's area.
            let dwelling = try await t.id("SELECT MIN(d.id) AS n FROM places d JOIN census_area_parts p ON d.path LIKE p.path || '%' WHERE p.area_id = \(o.area) AND d.kind = 'dwelling'")
            let added = try await t.post("/places/\(dwelling)/households", [:], as: try await t.signIn("tongxin"))
            #expect(added.status == .seeOther)
            let code = try await t.app.db.sql.raw("SELECT code FROM households ORDER BY id DESC LIMIT 1").first(decoding: CodeRow.self)!.code
            let page = try await t.get("/census/\(o.campaign)/quality", as: o.office)
            #expect(page.body.contains("（1处不一致）") && page.body.contains("+1"))
            // Counts only: the new household is not named, and nothing was written back to the registry.
            #expect(!page.body.contains(code))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visits WHERE campaign_id = \(o.campaign) AND household_id = (SELECT MAX(id) FROM households)") == 0)
        }
    }

    /// Every GET route of the application, as each user without a role in the campaign, after an enumerator noted
    /// something at a door: no page, export or audit view shows it, and the note is stored nowhere in plain text.
    @Test func noRouteReachesAVisitWithoutTheCampaignsRole() async throws {
        try await TestApp.with(.sqlite) { t in
            let o = try await Self.open(t)
            // 通信花园社区's worker is an enumerator too, of another area: bound to their own.
            #expect(try await t.post("/census/\(o.campaign)/members", ["username": "tongxin", "kind": "enumerator"], as: o.office).status == .seeOther)
            let tongxinMember = try await t.id("SELECT MAX(id) AS n FROM census_members WHERE campaign_id = \(o.campaign)")
            #expect(try await t.post("/census-areas/\(o.otherArea)/enumerator", ["memberID": String(tongxinMember)], as: o.office).status == .seeOther)
            try await Self.start(t, o)
            let marker = "机密标记XJ42"
            let visit = try await t.id("SELECT MIN(id) AS n FROM census_visits WHERE area_id = \(o.area)")
            let pucha = try await t.signIn("pucha")
            #expect(try await t.post("/census-visits/\(visit)", ["status": "refused", "note": marker], as: pucha).status == .seeOther)
            // Its own enumerator reads it back.
            #expect(try await t.get("/census-visits/\(visit)", as: pucha).body.contains(marker))
            #expect(try await Self.tablesContaining(marker, t).isEmpty)

            let ids = ["census": o.campaign, "census-areas": o.area, "census-visits": visit, "census-companions": 1, "census-members": o.pucha,
                       "census-problems": 1, "api/v1/census": o.campaign]
            let personas = ["jiedao", "tongxin", "louzu", "jumin", "dangyuan", "danwei"]
            let admins = ["admin", "anquan", "shenji"]
            var walked = 0
            for name in personas + admins {
                let headers = admins.contains(name) ? try await t.signInAdministrator(name) : try await t.signIn(name)
                for route in t.app.routes.all where route.method == .GET {
                    let path = Self.fill(route, ids: ids)
                    let (status, body) = try await Self.fetch(path, as: headers, t)
                    walked += 1
                    #expect(status.code < 500, "\(name) \(path) → \(status.code)")
                    #expect(!body.contains(marker), "\(name) \(path) shows the visit's note")
                    let isCensus = route.path.first?.description.hasPrefix("census") == true || path.hasPrefix("/api/v1/census") || path == "/me/census"
                    if isCensus && name != "tongxin" { #expect(status == .forbidden, "\(name) \(path) → \(status.code)") }
                    // An enumerator of another area: the campaign's pages, never this visit.
                    if name == "tongxin" && path.hasPrefix("/census-visits/") { #expect(status == .forbidden) }
                }
            }
            #expect(walked > 9 * 100)
            // The audit log names census actions by route and record number, never what was recorded.
            struct Entry: Decodable { let action: String; let target: String; let detail: String? }
            let entries = try await t.app.db.sql.raw("SELECT action, target, detail FROM audit_entries WHERE action LIKE '%census%' OR target LIKE '/census%'").all(decoding: Entry.self)
            #expect(!entries.isEmpty)
            for e in entries { #expect(!"\(e.action)\(e.target)\(e.detail ?? "")".contains(marker) && !(e.detail ?? "").contains("拒访")) }

            // Closed and purged: the counts stay, nothing identifying does.
            #expect(try await t.post("/census/\(o.campaign)/close", [:], as: o.office).status == .seeOther)
            #expect(try await t.post("/census/\(o.campaign)/purge", [:], as: o.office).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visits WHERE campaign_id = \(o.campaign)") == 0)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM census_visit_events WHERE campaign_id = \(o.campaign)") == 0)
            let progress = try await t.get("/census/\(o.campaign)/progress", as: o.office)
            #expect(progress.status == .ok && progress.body.contains("拒访"))
            struct Progress: Decodable { let households: Int; let byStatus: [String: Int] }
            let kept = try JSONDecoder().decode(Progress.self, from: Data(try await t.get("/api/v1/census/\(o.campaign)/progress", as: o.office).body.utf8))
            #expect(kept.households == (try await t.scalar("SELECT COUNT(*) AS n FROM households")) && kept.byStatus["refused"] == 1)
            #expect(try await t.get("/census-visits/\(visit)", as: pucha).status == .forbidden)
        }
    }

    /// The route with its parameters filled: the campaign's records where the path names them.
    static func fill(_ route: Route, ids: [String: Int]) -> String {
        var parts: [String] = []
        for component in route.path {
            switch component {
            case .constant(let text): parts.append(text)
            case .parameter(let name) where name == "id": parts.append(String(ids[parts.joined(separator: "/")] ?? 999_999))
            case .parameter(let name) where name == "ledger": parts.append("residents")
            case .parameter(let name) where name == "list": parts.append("visits")
            default: parts.append("x")
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The body as text, a workbook's sheets unzipped.
    static func fetch(_ path: String, as headers: HTTPHeaders, _ t: TestApp) async throws -> (HTTPStatus, String) {
        var status = HTTPStatus.internalServerError, data = Data()
        try await t.app.testing().test(.GET, path, headers: headers) { res in status = res.status; data = Data(buffer: res.body) }
        guard data.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: data, accessMode: .read) else { return (status, String(decoding: data, as: UTF8.self)) }
        var text = ""
        for entry in archive {
            var part = Data()
            _ = try archive.extract(entry) { part.append($0) }
            text += String(decoding: part, as: UTF8.self)
        }
        return (status, text)
    }

    /// Tables whose text holds `needle` anywhere: sealed notes never do.
    static func tablesContaining(_ needle: String, _ t: TestApp) async throws -> [String] {
        struct Name: Decodable { let name: String }
        var found: [String] = []
        for table in try await t.app.db.sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self) {
            for row in try await t.app.db.sql.raw("SELECT * FROM \(ident: table.name)").all() {
                for column in row.allColumns where (try? row.decode(column: column, as: String.self))?.contains(needle) == true { found.append(table.name) }
            }
        }
        return found
    }

    struct IDRow: Decodable { let n: Int }
    struct CodeRow: Decodable { let code: String }
}
