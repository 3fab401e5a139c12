import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 退役军人服务 (docs/GLOSSARY.md, "Veterans"): veterans among the residents, their service and honours, medals with receipts.
public enum VeteransModule: GongzhiModule {
    public static let name = "veterans"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateVeterans()]
    public static let addresses = VeteranPaths.all
    public static let navigation = [NavItem("退役军人", path: VeteranPaths.veterans, roles: Role.business)]
    public static let highlight: HighlightSource? = { db, path, _ in
        let roll = try await VeteranRoll.load(PlaceScope(paths: [path]), on: db)
        guard !roll.veterans.isEmpty else { return nil }
        return Highlight(title: "退役军人服务", link: VeteranPaths.veterans.description, figures: roll.figures, sentence: roll.sentence)
    }
    public static let residentDependents = [VeteranResidents.dependent]

    public static func routes(_ routes: any RoutesBuilder) throws { try routes.allow(Role.business).register(collection: VeteranController()) }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await VeteransDemo.load(on: db) }
}
