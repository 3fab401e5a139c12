import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 双报到 and the three lists (docs/GLOSSARY.md, "Reporting in", "Service"): in-service members and units report to
/// their community, residents place needs and wishes, members and units claim and serve, the community confirms, and
/// confirmed hours go back to the members' workplaces each quarter.
public enum ServiceModule: GongzhiModule {
    public static let name = "service"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateService()]
    public static let addresses = ServicePaths.all
    public static let navigation = [NavItem("双报到", path: ServicePaths.overview, roles: Role.business),
                                    NavItem("我的服务", path: ServicePaths.mine, roles: [.partyMember, .unitContact]),
                                    NavItem("我家的需求", path: ServicePaths.myNeeds, roles: [.resident])]
    public static let highlight: HighlightSource? = { db, path, _ in try await ServiceFigures.highlight(under: path, on: db) }

    public static func routes(_ routes: any RoutesBuilder) throws {
        try routes.allow(Role.business).register(collection: ServiceController())
        try routes.allow(Role.business).register(collection: NeedController())
        try routes.allow(Role.business).register(collection: ActivityController())
        try routes.allow(Role.business).register(collection: RecordController())
        try routes.allow(Role.business).register(collection: ServiceAPI())
        try routes.allow([.partyMember, .unitContact]).register(collection: MyServiceController())
        try routes.allow([.resident]).register(collection: MyNeedsController())
    }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await ServiceDemo.load(on: db, demo: demo) }
}
