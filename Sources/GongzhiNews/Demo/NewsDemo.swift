import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's news, written for the demo about the kinds of events the article reports (none of its text is used).
enum NewsDemo {
    static func load(on db: any Database, demo: DemoContext) async throws {
        let all = PlaceScope(paths: ["/"])
        guard let subdistrict = try await RegistryDirectory.places(.subdistrict, within: all, on: db).first,
              let community = try await RegistryDirectory.places(.community, within: all, on: db).first(where: { $0.name == "通信花园社区" }) else { return }
        let today = BeijingTime.day(of: demo.gongzhi.now())
        let items: [(RegistryDirectory.PlaceEntry, Int, String, String, String)] = [
            (community, -3, "纬五路13号院迎来市级观摩", "市里的观摩团来到纬五路13号院，看了楼院改造后的初心亭、儿童活动广场和老年日间照料中心，听取了楼院居民自治的做法。社区将把观摩中提出的建议纳入下一步的楼院管理。", "通信花园社区 供稿"),
            (subdistrict, -20, "“经纬天地”街边游园向居民开放", "由共建单位提供临街闲置空间、街道拆违腾挪出的公共空间建成的街边游园已向居民开放，园内设有步道、座椅和绿地，欢迎居民休闲健身，共同爱护公共设施。", "花园路街道 供稿"),
            (subdistrict, -45, "星级楼组评比结果揭晓", "街道组织对各楼组开展“三净三有”检查，达标楼组名单已在各社区公示栏公布。未达标的楼组将在社区指导下对照清单逐项整改。", "花园路街道 供稿"),
            (community, -60, "在职党员回社区报到服务", "近期，辖区单位的在职党员陆续到社区报到，认领楼道清洁、文明劝导和为老服务等志愿岗位，社区将按季度向党员所在单位反馈服务情况。", "通信花园社区 供稿"),
        ]
        for (place, day, title, body, credit) in items {
            let item = NewsItem()
            item.placeID = place.id; item.path = place.path; item.title = title; item.body = body
            item.publishedOn = today.adding(days: day).description; item.credit = credit; item.createdBy = 0
            item.createdAt = Int((BeijingTime.startOfDay(item.publishedOn) ?? demo.gongzhi.now()).timeIntervalSince1970)
            try await item.create(on: db)
        }
        try await DataRevision.bump(NewsModule.name, on: db)
    }
}
