import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 星级楼组 (docs/GLOSSARY.md, "Star building groups"): 三净三有 inspections of building groups, their star levels and the compliance rate.
public enum StarGroupsModule: GongzhiModule {
    public static let name = "star-groups"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateStarInspections()]
    public static let addresses = StarGroupPaths.all
    public static let navigation = [NavItem("星级楼组", path: StarGroupPaths.groups, roles: Role.business)]
    public static let highlight: HighlightSource? = { db, path, _ in
        let standing = try await StarStanding.load(PlaceScope(paths: [path]), on: db)
        guard !standing.groups.isEmpty else { return nil }
        return Highlight(title: "星级楼组", link: StarGroupPaths.groups.description, figures: figures(standing),
                         sentence: "街道共创建达标星级楼组\(standing.passed)个，达标率\(standing.rate)。")
    }

    public static func routes(_ routes: any RoutesBuilder) throws { try routes.allow(Role.business).register(collection: StarGroupController()) }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await StarGroupsDemo.load(on: db) }

    static func figures(_ standing: StarStanding) -> [Highlight.Figure] {
        [.init("楼组", "\(standing.groups.count)个"), .init("已评定", "\(standing.inspected)个"),
         .init("达标星级楼组", "\(standing.passed)个"), .init("达标率", standing.rate)]
    }
}
