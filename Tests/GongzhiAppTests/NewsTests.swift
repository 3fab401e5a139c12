import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// News for the public: a community worker previews, then publishes an item with a phone's photo; anyone reads it
/// and its photo (without the place the phone wrote into it), and the Atom feed carries it with the notices.
struct NewsTests {
    @Test func aWorkerPreviewsAndPublishesAnItemEveryoneReads() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let community = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            let fields = ["placeID": String(community), "title": "楼道照明改造完成", "body": "各楼栋楼道灯已更换为声控节能灯。", "publishedOn": "2026-11-30", "credit": "社区 供稿"]
            let before = try await t.scalar("SELECT COUNT(*) AS n FROM news_items")
            let preview = try await t.postMultipart("/news/preview", fields: fields, files: [], as: worker)
            #expect(preview.status == .ok && preview.body.contains("预览（尚未发布") && preview.body.contains("各楼栋楼道灯已更换为声控节能灯"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM news_items") == before, "a preview saves nothing")

            var bad = fields; bad["title"] = String(repeating: "长", count: 61); bad["publishedOn"] = "2026-02-30"
            let refused = try await t.postMultipart("/news", fields: bad, files: [], as: worker)
            #expect(refused.status == .unprocessableEntity && refused.body.contains("标题") && refused.body.contains("日期格式"))
            let outside = try await t.id("SELECT id AS n FROM places WHERE name = '经纬社区'")
            var foreign = fields; foreign["placeID"] = String(outside)
            #expect(try await t.postMultipart("/news", fields: foreign, files: [], as: worker).body.contains("请选择您管辖范围内的地点"))
            #expect(try await t.postMultipart("/news", fields: fields, files: [], as: try await t.signIn("louzu")).status == .forbidden)

            let published = try await t.postMultipart("/news", fields: fields, files: [("photo", PhotoTests.phoneJPEG, "楼道.jpg"), ("thumbnail", PhotoTests.thumbnail, "t.jpg")], as: worker)
            #expect(published.status == .seeOther, "\(published.body.prefix(500))")
            let item = try await t.id("SELECT MAX(id) AS n FROM news_items")
            let page = try await t.get("/news/\(item)", as: HTTPHeaders())
            #expect(page.status == .ok && page.body.contains("楼道照明改造完成") && page.body.contains("alt=\"楼道照明改造完成（配图）\""))
            let photo = try await t.id("SELECT MAX(id) AS n FROM photos WHERE module = 'news' AND record_id = \(item)")
            var bytes = Data()
            try await t.app.testing().test(.GET, "/news/\(item)/photos/\(photo)") { res in #expect(res.status == .ok); bytes = Data(buffer: res.body) }
            #expect(!bytes.isEmpty && bytes.range(of: Data("PhoneMaker".utf8)) == nil, "the photo is public, its metadata gone")
            try await t.app.testing().test(.GET, "/news/\(item + 1)/photos/\(photo)") { res in #expect(res.status == .notFound, "a photo is served only with its own item") }
            let star = try await t.id("SELECT COALESCE(MIN(id), 0) AS n FROM photos WHERE module <> 'news'")
            if star > 0 { try await t.app.testing().test(.GET, "/news/\(item)/photos/\(star)") { res in #expect(res.status == .notFound) } }

            var feed = ""
            try await t.app.testing().test(.GET, "/feed.atom") { res in
                #expect(res.headers.contentType?.subType == "atom+xml")
                feed = res.body.string
            }
            #expect(feed.hasPrefix("<?xml") && feed.contains("<title>楼道照明改造完成</title>") && feed.contains("表决结果的公示"))
            let portal = try await t.get("/", as: HTTPHeaders()).body
            #expect(portal.contains("社区动态") && portal.contains("楼道照明改造完成"))
        }
    }
}
