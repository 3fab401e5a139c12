import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// 区域共建 (DOMAIN.md §2.4): regional committees' member units and co-building agreements.
public enum CoBuildingModule: GongzhiModule {
    public static let name = "co-building"
    public static let revision = "coBuilding"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateCoBuilding()]

    public static func boot(_ app: Application, routes: any RoutesBuilder) throws {
        app.gongzhi.register(NavItem("区域共建", path: "/co-building", roles: Role.business))
        app.gongzhi.register(HighlightSource(order: 30) { db, path in
            let roster = try await CommitteeRoster.load(PlaceScope(paths: [path]), on: db)
            guard !roster.committees.isEmpty else { return nil }
            return Highlight(title: "区域共建", link: "/co-building", figures: roster.figures, sentence: roster.sentence)
        })
        try routes.allow(Role.business).register(collection: CoBuildingController())
    }

    public static func loadDemo(on db: any Database) async throws { try await CoBuildingDemo.load(on: db) }
}
