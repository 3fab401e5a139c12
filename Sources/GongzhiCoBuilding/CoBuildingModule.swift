import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// 区域共建 (docs/GLOSSARY.md, "Co-building"): regional committees' member units, their joint meetings, co-building
/// agreements, the letters of 一书一函一信 and the yearly evaluation of the member units.
public enum CoBuildingModule: GongzhiModule {
    public static let name = "co-building"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateCoBuilding(), AddJointMeetings(), AddTowerRota()]
    public static let addresses = CoBuildingPaths.all
    public static let navigation = [NavItem("区域共建", path: CoBuildingPaths.committees, roles: Role.business)]
    public static let highlight: HighlightSource? = { db, path, _ in
        let roster = try await CommitteeRoster.load(PlaceScope(paths: [path]), on: db)
        guard !roster.committees.isEmpty else { return nil }
        return Highlight(title: "区域共建", link: CoBuildingPaths.committees.description, figures: roster.figures, sentence: roster.sentence)
    }

    public static func routes(_ routes: any RoutesBuilder) throws {
        let business = routes.allow(Role.business)
        try business.register(collection: CoBuildingController())
        try business.register(collection: AgreementController())
        try business.register(collection: MeetingController())
        try business.register(collection: LetterController())
        try business.register(collection: EvaluationController())
        try business.register(collection: TowerController())
    }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await CoBuildingDemo.load(on: db, demo: demo) }
}
