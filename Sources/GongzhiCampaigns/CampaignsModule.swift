import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// 挂图作战 集中攻坚 (DOMAIN.md §2.1): campaigns, their tasks (frontline projects) and the places they target.
public enum CampaignsModule: GongzhiModule {
    public static let name = "campaigns"
    public static let revision = "campaigns"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateCampaigns(), AddTaskVersions()]

    public static func boot(_ app: Application, routes: any RoutesBuilder) throws {
        app.gongzhi.register(NavItem("挂图作战", path: "/campaigns", roles: Role.business))
        app.gongzhi.register(HighlightSource(order: 10) { db, path in
            let coverage = try await FrontlineCoverage.load(PlaceScope(paths: [path]), on: db)
            guard coverage.tasks > 0 else { return nil }
            return Highlight(title: "挂图作战", link: "/campaigns", figures: coverage.figures, sentence: coverage.sentence)
        })
        try routes.allow(Role.business).register(collection: CampaignController())
    }

    public static func loadDemo(on db: any Database) async throws { try await CampaignsDemo.load(on: db) }
}
