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
    public static let migrations: [any Migration] = [CreateStarInspections(), AddGroupPeople()]
    public static let addresses = StarGroupPaths.all
    public static let navigation = [NavItem("我的楼组", path: StarGroupPaths.mine, roles: [.buildingGroupLeader], personal: true),
                                    NavItem("星级楼组", path: StarGroupPaths.groups, roles: Role.business)]
    public static let highlight: HighlightSource? = { db, path, _ in
        let standing = try await StarStanding.load(PlaceScope(paths: [path]), on: db)
        guard !standing.groups.isEmpty else { return nil }
        return Highlight(title: "星级楼组", link: StarGroupPaths.groups.description, figures: figures(standing),
                         sentence: "街道共创建达标星级楼组\(standing.passed)个，达标率\(standing.rate)。")
    }

    /// The community's self-checks to confirm; a leader's group whose monthly self-check is due.
    public static let agenda: AgendaSource? = { db, user, today in
        var items: [AgendaItem] = []
        let editors = user.scope(for: Role.placeEditors)
        if !editors.isEmpty {
            let pending = try await StarInspection.query(on: db).filter(\.$status == .pending).within(editors, \.$path).count()
            if pending > 0 { items.append(AgendaItem("\(pending)个楼组自查待确认", link: "\(StarGroupPaths.groups)?pending=true")) }
        }
        return items
    }
    /// The leader of the group of the building holding a place.
    public static let contacts: ContactSource? = { db, path in
        let ids = PlaceScope.ids(in: path)
        let prefixes = ids.indices.map { "/" + ids[...$0].map(String.init).joined(separator: "/") + "/" }
        return try await GroupRole.query(on: db).filter(\.$path ~~ prefixes).filter(\.$kind == .leader).all().map { PlaceContact("楼组长", $0.name) }
    }

    public static func routes(_ routes: any RoutesBuilder) throws {
        let business = routes.allow(Role.business)
        try business.register(collection: StarGroupController())
        try business.register(collection: GroupPeopleController())
        try routes.register(collection: MyGroupController())
        try business.register(collection: StarGroupAPI())
    }

    /// A building-group leader lands on their group.
    public static func provide(to gongzhi: Gongzhi) { gongzhi.register(home: StarGroupPaths.mine.description, for: .buildingGroupLeader) }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await StarGroupsDemo.load(on: db, demo: demo) }

    static func figures(_ standing: StarStanding) -> [Highlight.Figure] {
        [.init("楼组", "\(standing.groups.count)个"), .init("已评定", "\(standing.inspected)个"),
         .init("达标星级楼组", "\(standing.passed)个"), .init("达标率", standing.rate)]
    }
}
