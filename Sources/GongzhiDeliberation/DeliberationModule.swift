import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 一征三议两公开 (docs/GLOSSARY.md, "Deliberation"): matters of a scope of households carried through opinions, the
/// three meetings, the vote under a lawful rule, the resolution notice, implementation and the result notice.
public enum DeliberationModule: GongzhiModule {
    public static let name = "deliberation"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateMatters()]
    public static let addresses = DeliberationPaths.all
    public static let navigation = [NavItem("议事协商", path: DeliberationPaths.matters, roles: Role.business),
                                    NavItem("我家的议事", path: DeliberationPaths.myMatters, roles: [.resident]),
                                    NavItem("表决规则", path: DeliberationPaths.thresholds, roles: [.administrator])]
    public static let highlight: HighlightSource? = { db, path, period in try await MatterFigures.highlight(under: path, period: period, on: db) }

    public static let portal: PortalSource? = { db, path, _ in try await MatterFigures.portal(under: path, on: db) }

    public static func routes(_ routes: any RoutesBuilder) throws {
        try routes.allow(Role.business).register(collection: MatterController())
        try routes.allow(Role.business).register(collection: MatterAPI())
        try routes.allow([.resident]).register(collection: ResidentMatterController())
        try routes.register(collection: VoteSettingsController())
    }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await DeliberationDemo.load(on: db, demo: demo) }
}
