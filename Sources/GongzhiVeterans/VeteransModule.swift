import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 退役军人服务 (DOMAIN.md §2.7): veterans among the residents, their service and honours, medals with receipts.
public enum VeteransModule: GongzhiModule {
    public static let name = "veterans"
    public static let revision = "veterans"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateVeterans()]

    public static func boot(_ app: Application, routes: any RoutesBuilder) throws {
        app.gongzhi.register(NavItem("退役军人", path: "/veterans", roles: Role.business))
        app.gongzhi.register(HighlightSource(order: 40) { db, path in
            let roll = try await VeteranRoll.load(PlaceScope(paths: [path]), on: db)
            guard !roll.veterans.isEmpty else { return nil }
            return Highlight(title: "退役军人服务", link: "/veterans", figures: roll.figures, sentence: roll.sentence)
        })
        app.register(VeteranResidents.dependent)
        try routes.allow(Role.business).register(collection: VeteranController())
    }

    public static func loadDemo(on db: any Database) async throws { try await VeteransDemo.load(on: db) }
}
