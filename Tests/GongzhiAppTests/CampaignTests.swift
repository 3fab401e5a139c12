import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The campaign wall run in the browser: a campaign and its tasks made by a worker (in bulk from a list of places),
/// overdue from the clock, reports kept and returned, photos without their position, 包楼到户.
struct CampaignTests {
    @Sendable static func beijing(_ day: String, _ hour: Int) -> Date {
        Date(timeIntervalSince1970: Double(BeijingTime.midnight(CivilDate(yyyymmdd: day)!) + hour * 3600))
    }

    /// Makes a campaign over 通信花园社区 (by default from 2027-03-01 to 2027-06-30) led by the community worker; its id.
    static func campaign(_ t: TestApp, from starts: String = "2027-03-01", to ends: String = "2027-06-30", as worker: HTTPHeaders) async throws -> Int {
        let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
        let leader = try await t.id("SELECT id AS n FROM users WHERE username = 'tongxin'")
        let made = try await t.post("/campaigns", pairs: [("name", "楼道清理专项行动"), ("goal", "楼道无堆物"), ("startsOn", starts), ("endsOn", ends),
                                                         ("placeID", String(community)), ("leaders[]", String(leader))], as: worker)
        #expect(made.status == .seeOther, "\(made.body.prefix(300))")
        return try await t.id("SELECT MAX(id) AS n FROM campaigns")
    }

    /// The ownerless compounds of 通信花园社区 (the bulk form's list with 管理类型 = 无主管).
    static func ownerless(_ t: TestApp) async throws -> [Int] {
        struct Row: Decodable { let n: Int }
        return try await t.app.db.sql.raw("""
            SELECT p.id AS n FROM places p JOIN places c ON p.path LIKE c.path || '%'
            WHERE c.name = '通信花园社区' AND p.kind = 'compound' AND p.management_type = 'ownerless' ORDER BY p.id
            """).all(decoding: Row.self).map(\.n)
    }

    static func addTasks(_ t: TestApp, campaign: Int, places: [Int], cadre: String = "tongxin", name: String = "{地点}楼道清理", deadline: String = "2027-04-10",
                         mode: String = "each", as worker: HTTPHeaders) async throws -> TestApp.Answer {
        let cadreID = try await t.id("SELECT id AS n FROM users WHERE username = '\(cadre)'")
        return try await t.post("/campaigns/\(campaign)/tasks", pairs: [("name", name), ("cadreID", String(cadreID)), ("deadline", deadline), ("mode", mode)]
                                + places.map { ("places[]", String($0)) }, as: worker)
    }

    @Test(arguments: TestDatabase.available) func bulkTasksCoverExactlyTheChosenPlaces(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            let campaign = try await Self.campaign(t, as: worker)
            let ownerless = try await Self.ownerless(t)
            #expect(ownerless.count >= 2)
            // The form lists them when asked for the community's ownerless compounds.
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let form = try await t.get("/campaigns/\(campaign)/tasks?community=\(community)&kind=compound&management=ownerless", as: worker).body
            #expect(ownerless.allSatisfy { form.contains("name=\"places[]\" value=\"\($0)\"") })

            // Bad input refuses everything and writes nothing.
            let none = try await Self.addTasks(t, campaign: campaign, places: [], as: worker)
            #expect(none.status == .unprocessableEntity && none.body.contains("请至少选择一个任务地点"))
            let late = try await Self.addTasks(t, campaign: campaign, places: ownerless, deadline: "2027-07-01", as: worker)
            #expect(late.status == .unprocessableEntity && late.body.contains("不能晚于专项行动结束"))
            let noCadre = try await t.post("/campaigns/\(campaign)/tasks", pairs: [("name", "{地点}清理"), ("deadline", "2027-04-10")] + ownerless.map { ("places[]", String($0)) }, as: worker)
            #expect(noCadre.status == .unprocessableEntity && noCadre.body.contains("请选择责任人"))
            let sameName = try await Self.addTasks(t, campaign: campaign, places: ownerless, name: "楼道清理", as: worker)
            #expect(sameName.status == .unprocessableEntity && sameName.body.contains("应含“{地点}”"))
            let elsewhere = try await t.id("SELECT MIN(p.id) AS n FROM places p JOIN places c ON p.path LIKE c.path || '%' WHERE c.name = '经纬社区' AND p.kind = 'compound'")
            let outside = try await Self.addTasks(t, campaign: campaign, places: [ownerless[0], elsewhere], as: try await t.signIn("jiedao"))
            #expect(outside.status == .unprocessableEntity && outside.body.contains("本专项行动范围内"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_tasks WHERE campaign_id = \(campaign)") == 0, "nothing half-saved")

            // One task per chosen place, each targeting exactly its place, with the area branch covering it.
            #expect(try await Self.addTasks(t, campaign: campaign, places: ownerless, as: worker).status == .seeOther)
            struct Target: Decodable { let place_id: Int; let n: Int }
            let targets = try await t.app.db.sql.raw("""
                SELECT x.place_id, COUNT(*) AS n FROM campaign_task_targets x JOIN campaign_tasks k ON k.id = x.task_id
                WHERE k.campaign_id = \(bind: campaign) GROUP BY x.place_id ORDER BY x.place_id
                """).all(decoding: Target.self)
            #expect(targets.map(\.place_id) == ownerless && targets.allSatisfy { $0.n == 1 })
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_tasks WHERE campaign_id = \(campaign)") == ownerless.count)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_tasks WHERE campaign_id = \(campaign) AND party_organization_id IS NULL") == 0)
            // One task over all of them.
            #expect(try await Self.addTasks(t, campaign: campaign, places: ownerless, name: "片区楼道清理", mode: "one", as: worker).status == .seeOther)
            let one = try await t.id("SELECT MAX(id) AS n FROM campaign_tasks")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_task_targets WHERE task_id = \(one)") == ownerless.count)
            // A cadre who does not answer for the places: the building-group leader of one building.
            let leader = try await Self.addTasks(t, campaign: campaign, places: ownerless, cadre: "louzu", as: worker)
            #expect(leader.status == .unprocessableEntity && leader.body.contains("不负责"))
        }
    }

    @Test(arguments: TestDatabase.available) func overdueFollowsTheClock(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            // Days near the real one, so the demo's passwords have not expired on the test's clock.
            let today = BeijingTime.day(of: Date()), deadline = today.adding(days: 10).description
            t.app.gongzhi.now = { Self.beijing(deadline, 20) }
            let signedIn = try await t.signIn("tongxin")
            let campaign = try await Self.campaign(t, from: today.description, to: today.adding(days: 60).description, as: signedIn)
            let place = try await Self.ownerless(t)[0]
            #expect(try await Self.addTasks(t, campaign: campaign, places: [place], deadline: deadline, as: signedIn).status == .seeOther)
            let task = try await t.id("SELECT MAX(id) AS n FROM campaign_tasks")
            // On its deadline a task is not yet overdue: not on the wall, not on the cadre's page or home.
            #expect(try await t.get("/campaigns/\(campaign)?status=overdue", as: signedIn).body.contains("没有符合条件的任务"))
            #expect(!(try await t.get("/me/tasks", as: signedIn).body.contains("<tr class=\"attention\"><td><a href=\"/tasks/\(task)\"")))
            // The next morning it is, everywhere, without anyone touching it.
            t.app.gongzhi.now = { Self.beijing(today.adding(days: 11).description, 9) }
            let worker = try await t.signIn("tongxin")
            let wall = try await t.get("/campaigns/\(campaign)?status=overdue", as: worker).body
            #expect(wall.contains("/tasks/\(task)") && wall.contains("<tr class=\"attention\">"))
            #expect(try await t.get("/me/tasks", as: worker).body.contains("<tr class=\"attention\"><td><a href=\"/tasks/\(task)\""))
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let home = try await t.get("/places/\(community)", as: worker).body
            #expect(home.contains("我的待办") && home.contains("已逾期") && home.contains("/tasks/\(task)"))
            // Done with evidence, it leaves the overdue list and the agenda.
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "done", "progress": "100", "text": "清理完毕", "evidence": "验收单"], as: worker).status == .seeOther)
            #expect(try await t.get("/campaigns/\(campaign)?status=overdue", as: worker).body.contains("没有符合条件的任务"))
            #expect(!(try await t.get("/places/\(community)", as: worker).body.contains("/tasks/\(task)\"")))
        }
    }

    @Test(arguments: TestDatabase.available) func aReportNeverOverwritesAnother(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin"), supervisor = try await t.signIn("jiedao")
            let campaign = try await Self.campaign(t, as: worker)
            #expect(try await Self.addTasks(t, campaign: campaign, places: [try await Self.ownerless(t)[0]], deadline: "2027-06-30", as: worker).status == .seeOther)
            let task = try await t.id("SELECT MAX(id) AS n FROM campaign_tasks")
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "inProgress", "progress": "30", "text": "清理一楼到三楼"], as: worker).status == .seeOther)
            #expect(try await t.post("/tasks/\(task)/reports", ["status": "done", "progress": "100", "text": "全部清理", "evidence": "验收单"], as: worker).status == .seeOther)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_task_reports WHERE task_id = \(task)") == 2)
            var page = try await t.get("/tasks/\(task)", as: worker).body
            #expect(page.contains("清理一楼到三楼") && page.contains("全部清理") && page.contains("已完成（进度100%）"))
            let done = try await t.id("SELECT MAX(id) AS n FROM campaign_task_reports WHERE task_id = \(task)")
            // Nobody returns their own report; a supervisor returns it with a reason, and the task falls back.
            #expect(try await t.post("/task-reports/\(done)/return", ["reason": "自查"], as: worker).status == .conflict)
            #expect(try await t.post("/task-reports/\(done)/return", ["reason": ""], as: supervisor).status == .conflict)
            #expect(try await t.post("/task-reports/\(done)/return", ["reason": "照片不清，请补拍"], as: supervisor).status == .seeOther)
            page = try await t.get("/tasks/\(task)", as: worker).body
            #expect(page.contains("推进中（进度30%）") && page.contains("照片不清，请补拍") && page.contains("全部清理"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_task_reports WHERE task_id = \(task)") == 2)
            #expect(try await t.post("/task-reports/\(done)/return", ["reason": "再退"], as: supervisor).status == .conflict)
        }
    }

    @Test func aReportPhotoKeepsNoPositionAndNoImpostor() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let campaign = try await Self.campaign(t, as: worker)
            #expect(try await Self.addTasks(t, campaign: campaign, places: [try await Self.ownerless(t)[0]], deadline: "2027-06-30", as: worker).status == .seeOther)
            let task = try await t.id("SELECT MAX(id) AS n FROM campaign_tasks")
            let fields = ["status": "done", "progress": "100", "text": "完工"]
            // A text file named .jpg is refused by its bytes, and nothing is stored.
            let impostor = try await t.postMultipart("/tasks/\(task)/reports", fields: fields, files: [("photo", Data("not a photo at all".utf8), "现场.jpg")], as: worker)
            #expect(impostor.status == .unprocessableEntity && impostor.body.contains("现场.jpg"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM campaign_task_reports WHERE task_id = \(task)") == 0)
            // A phone's photo is evidence enough for done, and is kept without its maker and position.
            let sent = try await t.postMultipart("/tasks/\(task)/reports", fields: fields, files: [("photo", PhotoTests.phoneJPEG, "现场.jpg"), ("thumbnail", PhotoTests.thumbnail, "t.jpg")], as: worker)
            #expect(sent.status == .seeOther)
            struct Stored: Decodable { let bytes: Data }
            let stored = try await t.app.db.sql.raw("SELECT bytes FROM photos WHERE module = 'campaigns'").first(decoding: Stored.self)!.bytes
            #expect(!Array(stored).contains(sequence: Array("PhoneMaker".utf8)) && !Array(stored).contains(sequence: Array("Exif".utf8)))
            let photo = try await t.id("SELECT MAX(id) AS n FROM photos")
            #expect(try await t.get("/tasks/\(task)", as: worker).body.contains("/photos/\(photo)/thumbnail"))
            #expect(try await t.get("/photos/\(photo)", as: worker).status == .ok)
        }
    }

    @Test func buildingsAreAssignedToCadresDownToHouseholds() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '经纬社区'")
            let building = try await t.id("SELECT MIN(p.id) AS n FROM places p JOIN places c ON p.path LIKE c.path || '%' WHERE c.id = \(community) AND p.kind = 'building' AND p.household_count > 0")
            let household = try await t.id("SELECT MIN(h.id) AS n FROM households h JOIN places b ON h.path LIKE b.path || '%' WHERE b.id = \(building)")
            let jiedao = try await t.id("SELECT id AS n FROM users WHERE username = 'jiedao'"), tongxin = try await t.id("SELECT id AS n FROM users WHERE username = 'tongxin'")
            let supervisor = try await t.signIn("jiedao")
            // A community worker of 通信花园社区 does not answer for 经纬社区's buildings.
            let wrong = try await t.post("/assignments?community=\(community)", pairs: [("cadreID", String(tongxin)), ("buildings[]", String(building))], as: supervisor)
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("不在这些楼栋所在的社区工作"))
            #expect(try await t.post("/assignments?community=\(community)", pairs: [("cadreID", String(jiedao)), ("buildings[]", String(building))], as: worker).status == .unprocessableEntity)
            #expect(try await t.post("/assignments?community=\(community)", pairs: [("cadreID", String(jiedao)), ("buildings[]", String(building))], as: supervisor).status == .seeOther)
            // The household's page and the building's name the cadre; the cadre's page lists the building and the household.
            #expect(try await t.get("/households/\(household)", as: supervisor).body.contains("包楼干部：演示街道干部"))
            #expect(try await t.get("/places/\(building)", as: supervisor).body.contains("包楼干部"))
            let mine = try await t.get("/me/tasks", as: supervisor).body
            #expect(mine.contains("/places/\(building)") && mine.contains("/households/\(household)"))
            #expect(try await t.get("/assignments?community=\(community)", as: supervisor).body.contains("演示街道干部"))
        }
    }

    @Test func aGeoJSONFileOutlinesPlacesAndTheWallDrawsThem() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            struct Row: Decodable { let id: Int; let address: String; let geometry: String? }
            let building = try await t.app.db.sql.raw("""
                SELECT b.id, b.address, b.geometry FROM places b JOIN campaign_task_targets x ON x.place_id = b.id
                JOIN campaign_tasks k ON k.id = x.task_id WHERE b.kind = 'building' ORDER BY b.id LIMIT 1
                """).first(decoding: Row.self)!
            let compound = try await t.app.db.sql.raw("SELECT id, address, geometry FROM places WHERE name = '纬五路13号院'").first(decoding: Row.self)!
            func square(_ lon: Double, _ lat: Double, _ d: Double) -> String { "[[[\(lon),\(lat)],[\(lon + d),\(lat)],[\(lon + d),\(lat + d)],[\(lon),\(lat + d)],[\(lon),\(lat)]]]" }
            func feature(_ properties: String, _ ring: String) -> String { #"{"type":"Feature","properties":\#(properties),"geometry":{"type":"Polygon","coordinates":\#(ring)}}"# }
            func upload(_ features: [String]) async throws -> TestApp.Answer {
                let file = Data(#"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#.utf8)
                return try await t.postMultipart("/places/plan", fields: [:], files: [("file", file, "花园路街道.geojson")], as: worker)
            }
            let good = [feature(#"{"name":"通信花园社区"}"#, square(113.66, 34.78, 0.01)),
                        feature(#"{"address":"\#(compound.address)"}"#, square(113.661, 34.781, 0.002)),
                        feature(#"{"gongzhi_id":\#(building.id)}"#, square(113.6612, 34.7812, 0.0003))]
            // Problems are named by feature, and nothing changes.
            let broken = try await t.postMultipart("/places/plan", fields: [:], files: [("file", Data("{not json".utf8), "x.geojson")], as: worker)
            #expect(broken.status == .unprocessableEntity && broken.body.contains("不是有效的GeoJSON"))
            let unknown = try await upload(good + [feature(#"{"name":"不存在的院"}"#, square(113.67, 34.79, 0.001))])
            #expect(unknown.status == .unprocessableEntity && unknown.body.contains("第4个要素“不存在的院”：在您管辖范围内找不到该地点"))
            let projected = try await upload([feature(#"{"name":"通信花园社区"}"#, square(380_000, 3_850_000, 100))])
            #expect(projected.status == .unprocessableEntity && projected.body.contains("不是经纬度"))
            #expect(try await t.app.db.sql.raw("SELECT id, address, geometry FROM places WHERE id = \(bind: compound.id)").first(decoding: Row.self)!.geometry == compound.geometry)

            // The first import sets the frame: the three outlines replace the schematic.
            #expect(try await upload(good).status == .seeOther)
            let now = try await t.app.db.sql.raw("SELECT id, address, geometry FROM places WHERE id = \(bind: building.id)").first(decoding: Row.self)!.geometry
            #expect(now != nil && now != building.geometry)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places WHERE geometry IS NOT NULL") == 3)
            // The wall draws the building in its task's colour, at its new outline.
            let campaign = try await t.id("SELECT k.campaign_id AS n FROM campaign_tasks k JOIN campaign_task_targets x ON x.task_id = k.id WHERE x.place_id = \(building.id)")
            let wall = try await t.get("/campaigns/\(campaign)", as: worker).body
            #expect(wall.contains("<polygon points=\"\(now!)\" class=\"st-"))
            // Later imports keep the frame: an outline far outside it is refused.
            let far = try await upload([feature(#"{"gongzhi_id":\#(building.id)}"#, square(116.3, 39.9, 0.001))])
            #expect(far.status == .unprocessableEntity && far.body.contains("范围之外"))
        }
    }
}
