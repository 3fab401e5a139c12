import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// 挂图作战 集中攻坚 (docs/GLOSSARY.md, "Campaigns"): campaigns with their leading groups, their tasks (frontline
/// projects) on the places they target, the history of progress reports, and 包楼到户.
public enum CampaignsModule: GongzhiModule {
    public static let name = "campaigns"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateCampaigns(), AddTaskVersions(), RunCampaigns(), AddRhythm()]
    public static let addresses = CampaignPaths.all
    public static let navigation = [NavItem("挂图作战", path: CampaignPaths.campaigns, roles: Role.business),
                                    NavItem("我的任务", path: CampaignPaths.mine, roles: Role.business, personal: true),
                                    NavItem("观摩评分表", path: CampaignPaths.rubric, roles: [.administrator])]
    public static let highlight: HighlightSource? = { db, path, _ in
        let coverage = try await FrontlineCoverage.load(PlaceScope(paths: [path]), on: db)
        guard coverage.tasks > 0 else { return nil }
        return Highlight(title: "挂图作战", link: CampaignPaths.campaigns.description, figures: coverage.figures, sentence: coverage.sentence)
    }
    /// A cadre's open tasks, the overdue marked; supervision items of the worker's places that are late (escalated)
    /// or due within a week.
    public static let agenda: AgendaSource? = { db, user, today in
        // The earliest deadlines first (the overdue among them); the rest are counted, on the cadre's own page.
        let open = CadreController.openTasks(of: user.id, on: db)
        let total = try await open.count()
        let first = try await open.sort(\.$deadline).sort(\.$id).limit(8).all()
        var items = first.map { t in
            AgendaItem("\(t.name)（期限\(t.deadline)，进度\(t.progress)%）", link: CampaignPaths.task(t.id ?? 0), late: t.shownStatus(today: today) == .overdue)
        }
        if total > first.count { items.append(AgendaItem("另有\(total - first.count)项待完成任务", link: CampaignPaths.mine.description)) }
        let editors = user.scope(for: Role.placeEditors)
        if !editors.isEmpty {
            let soon = today.adding(days: 7).description
            for f in try await Finding.query(on: db).within(editors, \.$path).filter(\.$rectifiedOn == nil).filter(\.$deadline <= soon).sort(\.$deadline).limit(20).all() {
                let late = f.status(today: today) == .escalated
                items.append(AgendaItem("督办：\(f.text)（\(f.owner)，期限\(f.deadline)）", link: "\(CampaignPaths.supervision)?status=\(late ? "escalated" : "open")", late: late))
            }
        }
        return items
    }
    /// The 包楼 cadre of the building holding a place.
    public static let contacts: ContactSource? = { db, path in
        let ids = PlaceScope.ids(in: path)
        return try await BuildingAssignment.query(on: db).filter(\.$placeID ~~ ids).all().map { PlaceContact("包楼干部", $0.cadre) }
    }

    public static func routes(_ routes: any RoutesBuilder) throws {
        let business = routes.allow(Role.business)
        try business.register(collection: CampaignController())
        try business.register(collection: TaskController())
        try business.register(collection: NewTasksController())
        try business.register(collection: CadreController())
        try business.register(collection: CampaignAPI())
        try business.register(collection: RhythmController())
        try business.register(collection: SupervisionController())
        try routes.register(collection: RubricController())
    }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await CampaignsDemo.load(on: db, demo: demo) }
    /// Last week's report counts the star groups' records too, so it is written once they are loaded.
    public static func finishDemo(on db: any Database, demo: DemoContext) async throws { try await CampaignsDemo.weekly(on: db, demo: demo) }
}
