import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 挂图作战: the campaigns that reach the user's places, and each campaign's wall of their tasks.
struct CampaignController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.campaigns, use: index)
        routes.get(CampaignPaths.campaign, use: show)
        routes.get(CampaignPaths.task, use: task)
        routes.allow(Role.placeEditors).post(CampaignPaths.task, use: report)
    }

    struct IndexModel: Encodable, Sendable { let figures: [Highlight.Figure]; let sentence: String; let campaigns: Table }

    @Sendable func index(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let campaigns = try await Campaign.query(on: req.db).sort(\.$startsOn, .descending).all().filter { scope.overlaps($0.path) }
        let tasks = try await CampaignTask.query(on: req.db).filter(\.$campaignID ~~ campaigns.compactMap(\.id)).all().filter { scope.overlaps($0.path) }
        let rows = try campaigns.map { c in
            let own = tasks.filter { $0.campaignID == c.id }
            return Table.Row([.init(c.name, link: CampaignPaths.campaign(try c.requireID())), .init("\(c.startsOn) 至 \(c.endsOn)"), .init(own.count),
                              .init(own.filter { $0.status == .done }.count), .init(ChineseNumber.percent(own.filter { $0.status == .done }.count, of: own.count), numeric: true)])
        }
        let coverage = try await FrontlineCoverage.load(scope, on: req.db)
        let model = IndexModel(figures: coverage.figures, sentence: coverage.sentence,
                               campaigns: Table(columns: ["专项行动", "周期", "任务", "已完成", "完成率"].enumerated().map { .plain($0.element, numeric: $0.offset >= 2) }, rows: rows))
        return try await req.page("campaigns/index", title: "挂图作战", breadcrumbs: [.init("挂图作战")], model)
    }

    struct WallModel: Encodable, Sendable { let name: String; let goal: String; let period: String; let chart: String; let tasks: Table }

    /// The wall (挂图): every task in the user's places with its places, party organisation, cadre, deadline and status.
    @Sendable func show(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let campaign = try await req.visible({ try await Campaign.find($0, on: req.db) }, path: \.path, reaching: true)
        let id = try campaign.requireID()
        // The tasks in the user's places, and those whose places hold the user's (the compound around a leader's building).
        let tasks = try await CampaignTask.query(on: req.db).filter(\.$campaignID == id).sort(\.$id).all().filter { scope.overlaps($0.path) }
        let targets = try await TaskTarget.query(on: req.db).filter(\.$taskID ~~ tasks.compactMap(\.id)).all()
        let places = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: Array(Set(targets.map(\.placeID))), on: req.db).map { ($0.id, $0) })
        let orgs = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.partyOrganizations(ids: Array(Set(tasks.compactMap(\.partyOrganizationID))), on: req.db).map { ($0.id, $0.name) })
        let today = BeijingTime.day(of: req.gongzhi.now())
        let rows = try tasks.map { t in
            Table.Row([.init(t.name, link: CampaignPaths.task(try t.requireID())), .init(targets.filter { $0.taskID == t.id }.compactMap { places[$0.placeID]?.address }.joined(separator: "；")),
                       .init(t.partyOrganizationID.flatMap { orgs[$0] } ?? "—"), .init(t.responsible), .init(t.deadline),
                       .init(t.shownStatus(today: today).label), .init("\(t.progress)%", numeric: true)])
        }
        let chart = SVG.bars(TaskStatus.allCases.map { s in .init(s.label, Double(tasks.filter { $0.shownStatus(today: today) == s }.count)) },
                             title: "任务状态", unit: "个")
        let model = WallModel(name: campaign.name, goal: campaign.goal, period: "\(campaign.startsOn) 至 \(campaign.endsOn)", chart: chart,
                              tasks: Table(columns: ["任务（一线项目）", "地点", "党组织", "责任人", "期限", "状态", "进度"].enumerated().map { .plain($0.element, numeric: $0.offset == 6) },
                                           rows: rows))
        return try await req.page("campaigns/wall", title: campaign.name, breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init(campaign.name)], model)
    }
}
