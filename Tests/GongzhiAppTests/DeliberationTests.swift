import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 一征三议两公开: a community worker carries a matter from opinions to the result notice; the stages open only in
/// order; one household, one ballot, on paper or online; the notices' chain finds an edited notice; a resident sees
/// and votes on their own household's matters only.
struct DeliberationTests {
    /// A building of 纬五路13号院 with households: a small scope for a matter.
    static let building = "SELECT MIN(b.id) AS n FROM places b JOIN places c ON b.parent_id = c.id WHERE c.name = '纬五路13号院' AND b.kind = 'building' AND b.household_count > 0"

    func open(_ t: TestApp, as worker: HTTPHeaders, place: Int, rule: String = "largeMajority", title: String = "1号楼屋面防水") async throws -> Int {
        let opened = try await t.post("/matters", ["title": title, "summary": "屋面渗水，拟重做防水层。", "placeID": String(place), "rule": rule, "form": "households"], as: worker)
        #expect(opened.status == .seeOther, "\(opened.body.prefix(400))")
        return try await t.id("SELECT MAX(id) AS n FROM matters")
    }

    /// Records a meeting as the page's form sends it: the attendees chosen in a multiple select (`attendeeIDs[]`, repeated).
    func meeting(_ t: TestApp, _ matter: Int, kind: String, as worker: HTTPHeaders, attendees: [Int], due: Int) async throws -> TestApp.Answer {
        let fields = [("kind", kind), ("heldOn", BeijingTime.day(of: t.app.gongzhi.now()).description), ("due", String(due)), ("minutes", "同意方案。"),
                      ("agreed", "yes")] + attendees.map { ("attendeeIDs[]", String($0)) }
        return try await t.post("/matters/\(matter)/meetings", pairs: fields, as: worker)
    }

    @Test(arguments: TestDatabase.available) func aMatterIsCarriedFromOpinionsToTheResultNotice(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            var worker = try await t.signIn("tongxin")
            let building = try await t.id(Self.building)
            let matter = try await open(t, as: worker, place: building)
            let households = try await t.app.db.sql.raw("SELECT household_id AS n FROM matter_households WHERE matter_id = \(bind: matter) ORDER BY household_id")
                .all(decoding: Row.self).map(\.n)
            #expect(!households.isEmpty)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM households WHERE path LIKE (SELECT path FROM places WHERE id = \(building)) || '%'") == households.count,
                    "the scope is every household of the building")

            // Nothing opens before its record: no advancing without opinions, no vote before the three meetings.
            let early = try await t.post("/matters/\(matter)/advance", [:], as: worker)
            #expect(early.status == .conflict && early.body.contains("尚未记录任何住户的意见"), "\(early.status) \(early.body.prefix(3000))")
            let ballotTooEarly = try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(households[0])", "choice": "inFavour", "castBy": "张三"], as: worker)
            #expect(ballotTooEarly.status == .conflict && ballotTooEarly.body.contains("不在表决阶段"))

            let outsider = try await t.id("SELECT MIN(id) AS n FROM households WHERE id NOT IN (SELECT household_id FROM matter_households WHERE matter_id = \(matter))")
            let wrong = try await t.post("/matters/\(matter)/opinions", ["householdID": String(outsider), "stance": "support", "givenBy": "王五"], as: worker)
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("不在本事项的范围内"))
            let asked = try await t.post("/matters/\(matter)/opinions", ["householdID": String(households[0]), "stance": "support", "givenBy": "张三"], as: worker)
            #expect(asked.status == .seeOther)
            #expect(try await t.post("/matters/\(matter)/plans", ["plan": "重做屋面防水层，保修五年。"], as: worker).status == .seeOther)
            #expect(try await t.post("/matters/\(matter)/advance", [:], as: worker).status == .seeOther)

            let adults = try await t.app.db.sql.raw("SELECT id AS n FROM residents WHERE path LIKE (SELECT path FROM places WHERE id = \(bind: building)) || '%' ORDER BY id LIMIT 3")
                .all(decoding: Row.self).map(\.n)
            // A meeting with half present or fewer does not count.
            #expect(try await meeting(t, matter, kind: "partyProposal", as: worker, attendees: adults, due: 9).status == .seeOther)
            let thin = try await t.post("/matters/\(matter)/advance", [:], as: worker)
            #expect(thin.status == .conflict && thin.body.contains("未超过应到9人的半数"))
            for kind in ["partyProposal", "committeeConsultation", "representativesReview"] {
                let held = try await meeting(t, matter, kind: kind, as: worker, attendees: adults, due: adults.count + 1)
                #expect(held.status == .seeOther, "\(held.body.prefix(300))")
                let closes = BeijingTime.day(of: t.app.gongzhi.now()).adding(days: 3).description
                let moved = try await t.post("/matters/\(matter)/advance", ["closesOn": closes], as: worker)
                #expect(moved.status == .seeOther, "\(kind): \(moved.body.prefix(300))")
            }
            #expect(try await t.post("/matters/\(matter)/plans", ["plan": "另一个方案"], as: worker).status == .conflict, "the plan is fixed once the vote opens")

            // 决: every household in favour but one; a ballot can be changed, and the change is kept.
            for (i, h) in households.enumerated() {
                let cast = try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(h)", "choice": i == 0 && households.count > 2 ? "against" : "inFavour", "castBy": "户代表\(i)"], as: worker)
                #expect(cast.status == .seeOther, "\(cast.body.prefix(300))")
            }
            let outside = try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(outsider)", "choice": "inFavour", "castBy": "王五"], as: worker)
            #expect(outside.status == .unprocessableEntity && outside.body.contains("不在本事项的表决范围内"))
            #expect(try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(households[0])", "choice": "inFavour", "castBy": "户代表0"], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM matter_ballots WHERE matter_id = \(matter) AND replaced_at IS NULL") == households.count)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM matter_ballots WHERE matter_id = \(matter) AND replaced_at IS NOT NULL") == 1)
            let open = try await t.post("/matters/\(matter)/advance", [:], as: worker)
            #expect(open.status == .conflict && open.body.contains("截止后方可计票"))

            // After the close: counted, and the resolution notice published with every count against its threshold.
            struct State: Decodable { let stage: String; let vote_closes_on: String? }
            let state = try await t.app.db.sql.raw("SELECT stage, vote_closes_on FROM matters WHERE id = \(bind: matter)").first(decoding: State.self)
            #expect(state?.stage == "voting", "\(String(describing: state))")
            let start = Date()
            t.app.gongzhi.now = { start.addingTimeInterval(4 * 86_400) }
            worker = try await t.signIn("tongxin")    // days later: a new session
            let late = try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(households[0])", "choice": "against", "castBy": "户代表0"], as: worker)
            #expect(late.status == .conflict && late.body.contains("截止"), "\(late.status) \(late.body.firstMatch(of: /class="alert"[^<]*/)?.output ?? "")")
            let counted = try await t.post("/matters/\(matter)/advance", [:], as: worker)
            #expect(counted.status == .seeOther, "\(counted.status) \(counted.body.firstMatch(of: /class="alert"[^<]*/)?.output ?? "")")
            let page = try await t.get("/matters/\(matter)", as: worker).body
            #expect(page.contains("决议公示") && page.contains("已达到") && page.contains("表决通过"))
            let notice = try await t.id("SELECT MAX(id) AS n FROM public_notices WHERE source = 'matter:\(matter)' AND kind = 'resolution'")
            let text = try await t.get("/notices/\(notice)", as: HTTPHeaders()).body
            #expect(text.contains("同意的住户：\(households.count)/\(households.count)"), "\(text.prefix(2000))")
            #expect(text.contains("不少于2/3"))

            // No implementation before the notice's 7 days have run.
            let tooSoon = try await t.post("/matters/\(matter)/advance", [:], as: worker)
            #expect(tooSoon.status == .conflict && tooSoon.body.contains("公示期"))
            #expect(try await t.post("/matters/\(matter)/progress", ["onDay": "2026-01-01", "text": "开工", "percent": "10"], as: worker).status == .conflict)
            t.app.gongzhi.now = { start.addingTimeInterval(12 * 86_400) }
            worker = try await t.signIn("tongxin")
            #expect(try await t.post("/matters/\(matter)/advance", [:], as: worker).status == .seeOther)
            let today = BeijingTime.day(of: t.app.gongzhi.now()).description
            let wrongPercent = try await t.post("/matters/\(matter)/progress", ["onDay": today, "text": "完工", "percent": "1000000000000000000000"], as: worker)
            #expect(wrongPercent.status == .unprocessableEntity && wrongPercent.body.contains("完成进度应为0到100之间的整数"))
            #expect(try await t.post("/matters/\(matter)/progress", ["onDay": today, "text": "防水层完工，闭水试验合格", "percent": "100"], as: worker).status == .seeOther)
            #expect(try await t.post("/matters/\(matter)/advance", [:], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM public_notices WHERE source = 'matter:\(matter)'") == 2)
            #expect(try await t.get("/matters/\(matter)", as: worker).body.contains("结果公开"))
            // The same record as JSON, and the opinions and ballots for Excel with the names masked.
            var api: [String: Any] = [:]
            try await t.app.testing().test(.GET, "/api/v1/matters/\(matter)", headers: worker) { res in
                api = (try? JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]) ?? [:]
            }
            let tally = api["tally"] as? [String: Any]
            #expect((api["matter"] as? [String: Any])?["stage"] as? String == "concluded")
            #expect(tally?["final"] as? Bool == true && tally?["passed"] as? Bool == true)
            #expect((api["notices"] as? [Any])?.count == 2)
            var workbook = Data()
            try await t.app.testing().test(.GET, "/matters/\(matter)/export.xlsx", headers: worker) { res in workbook = Data(buffer: res.body) }
            let sheet = try XLSXReader.worksheet(workbook)
            #expect(sheet.rows.count == 1 + 1 + households.count + 1, "the header, the opinion, every ballot and the changed one")
            #expect(sheet.rows.dropFirst().allSatisfy { $0[5].dropFirst().allSatisfy { $0 == "*" } }, "names masked")
            #expect(sheet.rows.contains { $0[7].hasPrefix("已改票") })
            let verify = try await t.get("/notices/verify", as: HTTPHeaders()).body
            #expect(verify.contains("哈希链") || verify.contains("衔接完整"), "\(verify.prefix(600))")
            #expect(!verify.contains("发现以下问题"))
        }
    }

    struct Row: Decodable { let n: Int }

    /// One household, one ballot: a paper ballot and an online one never both count.
    @Test func aHouseholdVotesOnPaperOrOnlineNotBoth() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin"), jumin = try await t.signIn("jumin")
            let matter = try await t.id("SELECT id AS n FROM matters WHERE title = '纬五路13号院楼道照明改造'")
            let household = try await t.id("SELECT r.household_id AS n FROM residents r JOIN users u ON u.person_id = r.id WHERE u.username = 'jumin'")
            try await t.app.db.sql.raw("DELETE FROM matter_ballots WHERE matter_id = \(bind: matter) AND voter = \(bind: "household:\(household)")").run()
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM matter_ballots WHERE matter_id = \(matter) AND replaced_at IS NULL")
            #expect(try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(household)", "choice": "against", "castBy": "居民"], as: worker).status == .seeOther)
            let online = try await t.post("/me/matters/\(matter)/ballot", ["choice": "inFavour"], as: jumin)
            #expect(online.status == .conflict && online.body.contains("纸质表决票"), "\(online.body.prefix(300))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM matter_ballots WHERE matter_id = \(matter) AND replaced_at IS NULL") == before + 1)

            // Online first, then paper: refused the other way round too.
            try await t.app.db.sql.raw("DELETE FROM matter_ballots WHERE matter_id = \(bind: matter) AND voter = \(bind: "household:\(household)")").run()
            let voted = try await t.post("/me/matters/\(matter)/ballot", ["choice": "inFavour"], as: jumin)
            #expect(voted.status == .seeOther)
            #expect(try await t.follow(voted, from: jumin).body.contains("已投票"))
            let changed = try await t.post("/me/matters/\(matter)/ballot", ["choice": "against"], as: jumin)
            #expect(try await t.follow(changed, from: jumin).body.contains("已改为"))
            let paper = try await t.post("/matters/\(matter)/ballots", ["voter": "household:\(household)", "choice": "inFavour", "castBy": "居民"], as: worker)
            #expect(paper.status == .conflict && paper.body.contains("已在线上投票"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM matter_ballots WHERE matter_id = \(matter) AND voter = 'household:\(household)' AND replaced_at IS NULL AND choice = 'against'") == 1)
        }
    }

    /// A resident sees the matters of their own household only; nothing of another compound's.
    @Test func aResidentSeesOnlyTheirHouseholdsMatters() async throws {
        try await TestApp.with(.sqlite) { t in
            let jumin = try await t.signIn("jumin"), jiedao = try await t.signIn("jiedao")
            let list = try await t.get("/me/matters", as: jumin)
            #expect(list.status == .ok && list.body.contains("纬五路13号院儿童活动广场改造") && list.body.contains("请投票"))
            // A matter of 经纬社区, opened by the subdistrict worker.
            let place = try await t.id("SELECT MIN(p.id) AS n FROM places p JOIN places c ON p.path LIKE c.path || '%' WHERE c.name = '经纬社区' AND p.kind = 'compound' AND p.household_count > 0")
            let other = try await open(t, as: jiedao, place: place, title: "外院事项")
            #expect(try await t.get("/me/matters/\(other)", as: jumin).status == .forbidden)
            #expect(try await t.post("/me/matters/\(other)/ballot", ["choice": "inFavour"], as: jumin).status == .forbidden)
            #expect(try await t.post("/me/matters/\(other)/opinion", ["stance": "oppose"], as: jumin).status == .forbidden)
            #expect(!(try await t.get("/me/matters", as: jumin).body.contains("外院事项")))
            #expect(try await t.get("/matters", as: jumin).status == .forbidden)
            #expect(try await t.get("/matters/\(other)", as: try await t.signIn("tongxin")).status == .forbidden, "another community's matter")
            // An empty scope is refused.
            let empty = try await t.id("SELECT COALESCE(MIN(id), 0) AS n FROM places WHERE kind = 'building' AND household_count = 0 AND path LIKE (SELECT path FROM places WHERE name = '通信花园社区') || '%'")
            if empty > 0 {
                let refused = try await t.post("/matters", ["title": "空楼", "summary": "无", "placeID": String(empty), "rule": "largeMajority"], as: try await t.signIn("tongxin"))
                #expect(refused.status == .unprocessableEntity && refused.body.contains("事项范围不能为空"))
            }
        }
    }

    /// An edited notice breaks the chain, and a chain recomputed after the edit disagrees with the audit log.
    @Test(arguments: TestDatabase.available) func theNoticeChainNamesAnEditedNotice(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let first = try await t.get("/notices/verify", as: HTTPHeaders()).body
            #expect(first.contains("衔接完整") && !first.contains("发现以下问题"), "\(first.prefix(800))")
            let notice = try await t.id("SELECT MIN(id) AS n FROM public_notices")
            #expect(notice > 0)
            try await t.app.db.sql.raw("UPDATE public_notices SET body = body || '（已改）' WHERE id = \(bind: notice)").run()
            let broken = try await t.get("/notices/verify", as: HTTPHeaders()).body
            #expect(broken.contains("公告#\(notice)：内容与其哈希不符"))

            // Someone who can write the database recomputes the whole chain: the audit log still disagrees.
            let notices = try await PublicNotice.query(on: t.app.db).sort(\.$placeID).sort(\.$id).all()
            var last: [Int: String] = [:]
            for n in notices {
                n.previousHash = last[n.placeID] ?? ""
                n.hash = n.expectedHash
                try await n.update(on: t.app.db)
                last[n.placeID] = n.hash
            }
            let rewritten = try await t.get("/notices/verify", as: HTTPHeaders()).body
            #expect(rewritten.contains("公告#\(notice)：哈希与审计日志中的记录不符"))
            #expect(!rewritten.contains("内容与其哈希不符"))

            // A published notice is never edited: a correction is a new notice naming the old one.
            let worker = try await t.signIn("tongxin")
            let corrected = try await t.post("/notices/\(notice)/corrections", ["title": "更正", "body": "更正表决截止日期。"], as: worker)
            #expect(corrected.status == .seeOther)
            #expect(try await t.get("/notices/\(notice)", as: HTTPHeaders()).body.contains("本公告已被更正"))
        }
    }

    /// Civil Code art. 278 through the pages: owners counted as the court counts them (one buyer of two parts once,
    /// the unsold parts once together), each vote weighing its owner's exclusive area, and heads met while area falls short.
    @Test(arguments: TestDatabase.available) func ownersVoteByHeadsAndAreaAsTheCivilCodeCounts(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            var worker = try await t.signIn("tongxin")
            let building = try await t.id(Self.building)
            struct Part: Decodable { let id: Int; let area: Double? }
            let dwellings = try await t.app.db.sql.raw("SELECT id, area FROM places WHERE kind = 'dwelling' AND path LIKE (SELECT path FROM places WHERE id = \(bind: building)) || '%' ORDER BY path")
                .all(decoding: Part.self)
            try #require(dwellings.count >= 5)
            // Owners set in the registry: the first two dwellings one buyer's, the third unsold, the rest one owner each.
            try await t.app.db.sql.raw("UPDATE places SET owner_name = '业主' || id, owner_id_hash = 'h' || id, owner_unsold = NULL, area = 100 WHERE id IN (SELECT id FROM places WHERE kind = 'dwelling' AND path LIKE (SELECT path FROM places WHERE id = \(bind: building)) || '%')").run()
            let big = 100 * 2 * dwellings.count    // the buyer's second part: large enough to outweigh everyone else's
            try await t.app.db.sql.raw("UPDATE places SET owner_id_hash = \(bind: "h\(dwellings[0].id)"), area = \(bind: big) WHERE id = \(bind: dwellings[1].id)").run()
            try await t.app.db.sql.raw("UPDATE places SET owner_name = NULL, owner_id_hash = NULL, owner_unsold = TRUE WHERE id = \(bind: dwellings[2].id)").run()
            let matter = try await open(t, as: worker, place: building, rule: "ownersMajor", title: "加装电梯")
            let owners = dwellings.count - 1          // two parts, one owner
            let area = 100 * (dwellings.count - 1) + big

            // Carried to the vote.
            #expect(try await t.post("/matters/\(matter)/opinions", ["householdID": String(try await t.id("SELECT MIN(household_id) AS n FROM matter_households WHERE matter_id = \(matter)")),
                                                                     "stance": "support", "givenBy": "业主"], as: worker).status == .seeOther)
            #expect(try await t.post("/matters/\(matter)/plans", ["plan": "北侧加装电梯一部。"], as: worker).status == .seeOther)
            #expect(try await t.post("/matters/\(matter)/advance", [:], as: worker).status == .seeOther)
            let adults = try await t.app.db.sql.raw("SELECT id AS n FROM residents WHERE path LIKE (SELECT path FROM places WHERE id = \(bind: building)) || '%' ORDER BY id LIMIT 2")
                .all(decoding: Row.self).map(\.n)
            for kind in ["partyProposal", "committeeConsultation", "representativesReview"] {
                #expect(try await meeting(t, matter, kind: kind, as: worker, attendees: adults, due: adults.count).status == .seeOther)
                let closes = BeijingTime.day(of: t.app.gongzhi.now()).adding(days: 1).description
                #expect(try await t.post("/matters/\(matter)/advance", ["closesOn": closes], as: worker).status == .seeOther)
            }
            let page = try await t.get("/matters/\(matter)", as: worker).body
            #expect(page.contains("参与表决的业主人数") && page.contains(">\(owners)<"), "the owners as the court counts them")
            #expect(page.contains(">\(area)㎡<"), "every part's area")
            #expect(page.contains("未售房屋（1套，100㎡）"))

            // The buyer of two parts votes once, against, with both parts' area; every other owner and the unsold parts in
            // favour: heads reach 3/4 of those taking part, the area does not.
            let voters = [("owner:h\(dwellings[0].id)", "against")] + dwellings.dropFirst(3).map { ("owner:h\($0.id)", "inFavour") } + [("unsold", "inFavour")]
            for (voter, choice) in voters {
                let cast = try await t.post("/matters/\(matter)/ballots", ["voter": voter, "choice": choice, "castBy": "业主"], as: worker)
                #expect(cast.status == .seeOther, "\(voter): \(cast.body.firstMatch(of: /class="field-error"[^<]*/)?.output ?? "")")
            }
            let twice = try await t.post("/matters/\(matter)/ballots", ["voter": "owner:h\(dwellings[1].id)", "choice": "inFavour", "castBy": "业主"], as: worker)
            #expect(twice.status == .unprocessableEntity && twice.body.contains("不是本事项范围内房屋的登记业主"), "the second part has no vote of its own")
            let start = Date()
            t.app.gongzhi.now = { start.addingTimeInterval(3 * 86_400) }
            worker = try await t.signIn("tongxin")
            #expect(try await t.post("/matters/\(matter)/advance", [:], as: worker).status == .seeOther)
            struct Result: Decodable { let result: String?; let stage: String }
            let stored = try #require(try await t.app.db.sql.raw("SELECT result, stage FROM matters WHERE id = \(bind: matter)").first(decoding: Result.self))
            let inFavourArea = area - 100 - big
            #expect(stored.stage == "rejected", "\(stored.result ?? "")")
            struct Counted: Decodable { let conditions: [Condition]; struct Condition: Decodable { let count: Int; let total: Int; let met: Bool; let isArea: Bool } }
            let counted = try JSONDecoder().decode(Counted.self, from: Data((stored.result ?? "").utf8))
            #expect(counted.conditions.map(\.met) == [true, true, true, false], "participation met; heads in favour met; area in favour short")
            #expect(counted.conditions[2].count == owners - 1 && counted.conditions[2].total == owners)
            #expect(counted.conditions[3].count == inFavourArea * 100 && counted.conditions[3].total == area * 100, "area in hundredths of a square metre")
        }
    }

    /// The thresholds are a setting of the system administrator: stricter than the law is kept, looser refused, and a
    /// matter keeps the thresholds it was opened under.
    @Test func thresholdsAreTheAdministratorsSettingAndAMatterKeepsItsOwn() async throws {
        try await TestApp.with(.sqlite) { t in
            let admin = try await t.signInAdministrator("admin"), worker = try await t.signIn("tongxin")
            let before = try await open(t, as: worker, place: try await t.id(Self.building), rule: "ownersMajor", title: "旧规则下的事项")
            var form = Dictionary(uniqueKeysWithValues: VoteThresholds.fields.map { ($0.name, VoteThresholds.standard[keyPath: $0.key].setting) })
            form["ownersMajor"] = "2/3"
            let looser = try await t.post("/settings/votes", form, as: admin)
            #expect(looser.status == .unprocessableEntity && looser.body.contains("不能低于不少于3/4"))
            form["ownersMajor"] = "4/5"
            #expect(try await t.post("/settings/votes", form, as: admin).status == .seeOther)
            #expect(try await t.post("/settings/votes", form, as: worker).status == .forbidden)
            let after = try await open(t, as: worker, place: try await t.id(Self.building), rule: "ownersMajor", title: "新规则下的事项")
            struct Stored: Decodable { let thresholds: String }
            func ownersMajor(_ id: Int) async throws -> Threshold? {
                let text = try await t.app.db.sql.raw("SELECT thresholds FROM matters WHERE id = \(bind: id)").first(decoding: Stored.self)?.thresholds ?? ""
                return try JSONDecoder().decode(VoteThresholds.self, from: Data(text.utf8)).ownersMajor
            }
            #expect(try await ownersMajor(before) == Threshold(3, 4, inclusive: true))
            #expect(try await ownersMajor(after) == Threshold(4, 5, inclusive: true))
            #expect(try await t.get("/matters/\(after)", as: worker).body.contains("不少于4/5"))
        }
    }

    /// Carries a freshly opened matter to its vote (an opinion, a plan, the three meetings), the vote closing tomorrow.
    func carryToVote(_ t: TestApp, _ matter: Int, place: Int, as worker: HTTPHeaders) async throws {
        let household = try await t.id("SELECT MIN(household_id) AS n FROM matter_households WHERE matter_id = \(matter)")
        #expect(try await t.post("/matters/\(matter)/opinions", ["householdID": String(household), "stance": "support", "givenBy": "居民"], as: worker).status == .seeOther)
        #expect(try await t.post("/matters/\(matter)/plans", ["plan": "方案。"], as: worker).status == .seeOther)
        #expect(try await t.post("/matters/\(matter)/advance", [:], as: worker).status == .seeOther)
        let adults = try await t.app.db.sql.raw("SELECT id AS n FROM residents WHERE path LIKE (SELECT path FROM places WHERE id = \(bind: place)) || '%' ORDER BY id LIMIT 2")
            .all(decoding: Row.self).map(\.n)
        for kind in ["partyProposal", "committeeConsultation", "representativesReview"] {
            #expect(try await meeting(t, matter, kind: kind, as: worker, attendees: adults, due: adults.count).status == .seeOther)
            let closes = BeijingTime.day(of: t.app.gongzhi.now()).adding(days: 1).description
            let moved = try await t.post("/matters/\(matter)/advance", ["closesOn": closes], as: worker)
            #expect(moved.status == .seeOther, "\(kind): \(moved.body.firstMatch(of: /<li>[^<]*/)?.output ?? "")")
        }
    }

    /// A residents' assembly of all adults counts residents, not households; one of representatives counts only those
    /// the residents' groups elected.
    @Test func anAssemblyOfAdultsOrOfRepresentativesCountsPeople() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin"), jumin = try await t.signIn("jumin")
            let compound = try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")
            let adults = try await t.app.db.sql.raw("""
                SELECT r.id AS n FROM residents r JOIN households h ON h.id = r.household_id
                WHERE h.path LIKE (SELECT path FROM places WHERE id = \(bind: compound)) || '%' AND r.birth_date <= \(bind: BeijingTime.day(of: Date()).adding(years: -18).description)
                ORDER BY r.id
                """).all(decoding: Row.self).map(\.n)
            let opened = try await t.post("/matters", ["title": "院内禁养大型犬", "summary": "说明", "placeID": String(compound), "rule": "residentsAssembly", "form": "adults"], as: worker)
            #expect(opened.status == .seeOther)
            let matter = try await t.id("SELECT MAX(id) AS n FROM matters")
            try await carryToVote(t, matter, place: compound, as: worker)
            let me = try await t.id("SELECT person_id AS n FROM users WHERE username = 'jumin'")
            #expect(try await t.post("/me/matters/\(matter)/ballot", ["choice": "inFavour"], as: jumin).status == .seeOther)
            let other = try #require(adults.first { $0 != me })
            #expect(try await t.post("/matters/\(matter)/ballots", ["voter": "resident:\(other)", "choice": "against", "castBy": "居民"], as: worker).status == .seeOther)
            let page = try await t.get("/matters/\(matter)", as: worker).body
            #expect(page.contains("出席的居民") && page.contains(">2<") && page.contains(">\(adults.count)<"), "two of every adult present")

            // Representatives: only those listed vote.
            #expect(try await t.post("/matters", ["title": "代表会议事项", "summary": "说明", "placeID": String(compound), "rule": "residentsAssembly", "form": "representatives"], as: worker).status == .seeOther)
            let second = try await t.id("SELECT MAX(id) AS n FROM matters")
            let household = try await t.id("SELECT MIN(household_id) AS n FROM matter_households WHERE matter_id = \(second)")
            #expect(try await t.post("/matters/\(second)/opinions", ["householdID": String(household), "stance": "support", "givenBy": "居民"], as: worker).status == .seeOther)
            let reps = Array(adults.filter { $0 != me }.prefix(3))
            var body = "_csrf=x"
            for r in reps { body += "&representativeIDs%5B%5D=\(r)" }
            try await t.app.testing().test(.POST, "/matters/\(second)/representatives", headers: worker, beforeRequest: { req in
                req.headers.contentType = .urlEncodedForm; req.body = ByteBuffer(string: body)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await t.get("/matters/\(second)", as: worker).body.contains("出席的代表"))
            struct Reps: Decodable { let representatives: String }
            #expect(try await t.app.db.sql.raw("SELECT representatives FROM matters WHERE id = \(bind: second)").first(decoding: Reps.self)?.representatives
                    == reps.sorted().map(String.init).joined(separator: ","))
        }
    }

    /// Some buildings of a compound: the households of those buildings only, the matter posted at the compound.
    @Test func aMatterMayConcernSomeBuildings() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let buildings = try await t.app.db.sql.raw("SELECT b.id AS n FROM places b JOIN places c ON b.path LIKE c.path || '%' WHERE c.name = '纬五路13号院' AND b.kind = 'building' AND b.household_count > 0 ORDER BY b.id LIMIT 2")
                .all(decoding: Row.self).map(\.n)
            try #require(buildings.count == 2)
            var body = "title=%E4%B8%A4%E6%A0%8B%E6%A5%BC%E4%BA%8B%E9%A1%B9&summary=x&rule=largeMajority"
            for b in buildings { body += "&placeIDs%5B%5D=\(b)" }
            try await t.app.testing().test(.POST, "/matters", headers: worker, beforeRequest: { req in
                req.headers.contentType = .urlEncodedForm; req.body = ByteBuffer(string: body)
            }) { res in #expect(res.status == .seeOther) }
            let matter = try await t.id("SELECT MAX(id) AS n FROM matters")
            let expected = try await t.scalar("SELECT COUNT(*) AS n FROM households h JOIN places b ON h.path LIKE b.path || '%' WHERE b.id IN (\(buildings[0]), \(buildings[1]))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM matter_households WHERE matter_id = \(matter)") == expected)
            #expect(try await t.scalar("SELECT p.id AS n FROM matters m JOIN places p ON p.id = m.place_id WHERE m.id = \(matter)")
                    == (try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")), "posted at the compound holding both")
        }
    }
}
