import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// 挂图作战 集中攻坚 (docs/GLOSSARY.md, "Campaigns"): campaigns, their tasks (frontline projects) and the places they target.
public enum CampaignsModule: GongzhiModule {
    public static let name = "campaigns"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateCampaigns(), AddTaskVersions()]
    public static let addresses = CampaignPaths.all
    public static let navigation = [NavItem("挂图作战", path: CampaignPaths.campaigns, roles: Role.business)]
    public static let highlight: HighlightSource? = { db, path, _ in
        let coverage = try await FrontlineCoverage.load(PlaceScope(paths: [path]), on: db)
        guard coverage.tasks > 0 else { return nil }
        return Highlight(title: "挂图作战", link: CampaignPaths.campaigns.description, figures: coverage.figures, sentence: coverage.sentence)
    }

    public static func routes(_ routes: any RoutesBuilder) throws { try routes.allow(Role.business).register(collection: CampaignController()) }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await CampaignsDemo.load(on: db) }
}
