import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 入户登记 (docs/GLOSSARY.md, "Census"): door-to-door registration campaigns — the population census first — run on
/// the registry's buildings and households: enumeration areas, the 两员, visits, stand-ups, publicity, quality checks.
/// What a visit records stays in the module's own tables and reaches only the campaign's census roles; the rest of
/// Gongzhi sees counts (the highlight), never a visit.
public enum CensusModule: GongzhiModule {
    public static let name = "census"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateCensus()]
    public static let addresses = CensusPaths.all
    public static let navigation = [NavItem("我的普查", path: CensusPaths.mine, roles: [.censusEnumerator, .censusInstructor], personal: true),
                                    NavItem("入户登记", path: CensusPaths.campaigns, roles: Role.census)]

    /// The latest campaign that has drawn its list over the place: areas, 两员 and households registered. Counts only,
    /// and only of whole areas (about 80 households each) lying under the place: a building's page shows none.
    public static let highlight: HighlightSource? = { db, path, _ in
        guard let campaign = try await CensusCampaign.query(on: db).filter(\.$startedAt != nil).sort(\.$startedAt, .descending).all()
            .first(where: { path.hasPrefix($0.path) }) else { return nil }
        let parts = Dictionary(grouping: try await CensusCounts.parts(campaign, on: db), by: \.areaID)
        let areaIDs = parts.filter { $0.value.allSatisfy { $0.path.hasPrefix(path) } }.map(\.key)
        guard !areaIDs.isEmpty else { return nil }
        let byArea = try await CensusCounts.byArea(campaign, on: db)
        let tally = Tally.sum(areaIDs.compactMap { byArea[$0] })
        let areas = try await CensusArea.query(on: db).filter(\.$id ~~ areaIDs).all()
        let enumerators = Set(areas.compactMap(\.enumeratorID))
        let instructors = Set(try await CensusMember.query(on: db).filter(\.$id ~~ Array(enumerators)).all().compactMap(\.instructorID))
        let staff = enumerators.count + instructors.count
        return Highlight(
            title: campaign.name, link: "",
            figures: [.init("普查小区", "\(areaIDs.count)个"), .init("两员", "\(staff)名"), .init("登记户数", "\(tally.registered)户"),
                      .init("入户完成率", tally.progress)],
            sentence: "\(campaign.name)划分普查小区\(areaIDs.count)个，选派“两员”\(staff)名，入户登记\(tally.registered)户（其中自主填报\(tally[.selfEnumerated])户），入户完成率\(tally.progress)。")
    }

    /// What an enumerator noted at the door, sealed like every personal detail.
    public static var sealedColumns: [KeyRotation.Columns] { [
        .init(table: CensusVisit.schema, sealed: ["note"]), .init(table: CensusVisitEvent.schema, sealed: ["note"]),
    ] }

    public static func routes(_ routes: any RoutesBuilder) throws {
        let census = routes.allow(Role.census)
        try census.register(collection: CensusController())
        try census.register(collection: AreaController())
        try census.register(collection: FieldController())
        try census.register(collection: ReportController())
        try census.register(collection: CensusAPI())
    }

    /// An enumerator or instructor lands on their day.
    public static func provide(to gongzhi: Gongzhi) {
        gongzhi.register(home: CensusPaths.mine.description, for: .censusEnumerator)
        gongzhi.register(home: CensusPaths.mine.description, for: .censusInstructor)
        gongzhi.register(home: CensusPaths.campaigns.description, for: .censusOffice)
    }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await CensusDemo.load(on: db, demo: demo) }
}
