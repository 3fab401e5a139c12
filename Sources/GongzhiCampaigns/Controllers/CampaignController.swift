import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 挂图作战: the campaigns that reach the user's places (and a new one), and each campaign's wall: its map, its
/// Gantt chart by community and its task list, filtered by community and status, printable on A3.
struct CampaignController: RouteCollection {
    /// A wall's drawings per change of the campaigns' records (and per day, which moves tasks into overdue): the
    /// office screen on the wall asks again and again.
    let drawings = RevisionCache<DrawingKey, Drawings>()
    /// The coverage figures of the list, per scope and change of records.
    let coverages = RevisionCache<[String], FrontlineCoverage>()

    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.campaigns, use: index)
        routes.get(CampaignPaths.campaign, use: wall)
        routes.get(CampaignPaths.print, use: print)
        routes.allow(Role.placeEditors).post(CampaignPaths.campaigns, use: create)
    }

    // MARK: The list, and a new campaign

    struct IndexModel: Encodable, Sendable {
        let figures: [Highlight.Figure]; let sentence: String; let campaigns: Table
        let canCreate: Bool; let places: Picker?; let leaders: Picker?; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await renderIndex(req, input: [:], problems: []) }

    func renderIndex(_ req: Request, input: [String: String], leaders chosen: [String] = [], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let today = BeijingTime.day(of: req.gongzhi.now())
        let campaigns = try await Campaign.query(on: req.db).sort(\.$startsOn, .descending).sort(\.$id, .descending).all().filter { scope.overlaps($0.path) }
        let counts = try await TaskCounts.load(campaigns: campaigns.compactMap(\.id), scope: scope, today: today, on: req.db)
        let rows = try campaigns.map { c in
            let n = counts[try c.requireID()] ?? .init(campaign_id: 0, total: 0, done: 0, overdue: 0)
            return Table.Row([.init(c.name, link: CampaignPaths.campaign(try c.requireID())), .init(c.period), .init(n.total), .init(n.done),
                              .init(n.overdue, link: n.overdue > 0 ? "\(CampaignPaths.campaign(try c.requireID()))?status=overdue" : nil),
                              .init(ChineseNumber.percent(n.done, of: n.total), numeric: true)], attention: n.overdue > 0)
        }
        let coverage = try await coverages.value(scope.paths, revision: try await DataRevision.total(on: req.db)) { try await FrontlineCoverage.load(scope, on: req.db) }
        let canCreate = user.hasAny(Role.placeEditors)
        var places: Picker?, leaders: Picker?
        if canCreate {
            let options = try await [PlaceKind.subdistrict, .community].asyncFlatMap { try await RegistryDirectory.places($0, within: scope, on: req.db) }
            places = Picker(name: "placeID", label: "牵头单位", options: options.map { .init(String($0.id), $0.name) }, selected: input["placeID"],
                            empty: "请选择", ordered: true, error: problems.byField["placeID"])
            let staff = try await scope.paths.asyncFlatMap { try await Staff.members(reaching: $0, roles: Role.placeEditors, on: req.db) }
            leaders = Picker(name: "leaders[]", label: "领导小组（按住Ctrl多选，先选组长）", options: Self.unique(staff).map { .init(String($0.id), $0.label) },
                             selected: chosen.first, multiple: true, error: problems.byField["leaders"])
        }
        let model = IndexModel(figures: coverage.figures, sentence: coverage.sentence,
                               campaigns: Table(columns: ["专项行动", "周期", "任务", "已完成", "已逾期", "完成率"].enumerated().map { .plain($0.element, numeric: $0.offset >= 2) },
                                                rows: rows, emptyText: "还没有专项行动"),
                               canCreate: canCreate, places: places, leaders: leaders, input: input, errors: FormErrors(problems))
        return try await req.page("campaigns/index", title: "挂图作战", breadcrumbs: [.init("挂图作战")], model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func unique(_ members: [Staff.Member]) -> [Staff.Member] {
        var seen = Set<Int>()
        return members.filter { seen.insert($0.id).inserted }
    }

    struct CampaignForm: Content { var name: String?; var goal: String?; var startsOn: String?; var endsOn: String?; var placeID: String?; var leaders: [String]? }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CampaignForm.self)
        let input = CampaignDesk.CampaignInput(name: form.name ?? "", goal: form.goal ?? "", startsOn: form.startsOn ?? "", endsOn: form.endsOn ?? "",
                                               placeID: form.placeID ?? "", leaders: Array((form.leaders ?? []).prefix(50)))
        do {
            let campaign = try await CampaignDesk.createCampaign(input, scope: try req.currentUser.scope(), author: try Author(req), on: req.db)
            return req.redirect(to: CampaignPaths.newTasks(try campaign.requireID()), notice: "已建立“\(campaign.name)”，请添加任务。")
        } catch AppError.invalid(let problems) {
            return try await renderIndex(req, input: ["name": input.name, "goal": input.goal, "startsOn": input.startsOn, "endsOn": input.endsOn, "placeID": input.placeID],
                                         leaders: input.leaders, problems: problems)
        }
    }

    // MARK: The wall

    struct DrawingKey: Hashable, Sendable { let campaign: Int; let paths: [String]; let status: String?; let day: CivilDate }
    struct TableKey: Hashable, Sendable { let drawing: DrawingKey; let query: String }
    /// The list's page as drawn HTML: a table encodes by drawing itself, so the drawing is what is kept.
    let tables = RevisionCache<TableKey, String>()

    func drawingKey(_ req: Request, _ campaign: Campaign, filter: CommunityFilter, status: TaskStatus?) throws -> DrawingKey {
        DrawingKey(campaign: try campaign.requireID(), paths: filter.scope.paths, status: status?.rawValue, day: BeijingTime.day(of: req.gongzhi.now()))
    }
    struct Drawings: Sendable { let wall: Wall; let figures: [Highlight.Figure]; let plan: String; let gantt: String; let leaders: String }

    struct WallModel: Encodable, Sendable {
        let id: Int; let name: String; let goal: String; let period: String; let leaders: String?
        let figures: [Highlight.Figure]; let plan: String; let gantt: String; let tasks: String
        let filters: [Picker]; let canAdd: Bool; let query: String; let printedOn: String
    }

    /// The campaign named in the path, if it reaches the user's places; otherwise the same 403 as a missing one.
    static func visibleCampaign(_ req: Request) async throws -> Campaign {
        try await req.visible({ try await Campaign.find($0, on: req.db) }, path: \.path, reaching: true)
    }

    @Sendable func wall(req: Request) async throws -> Response {
        let campaign = try await Self.visibleCampaign(req)
        let (filter, status, drawings, wall, revision) = try await draw(req, campaign)
        let list = try ListQuery(req, sortable: [], defaultSort: "deadline")
        // The page of the task list, drawn once per change of records like the drawings (its links carry the query).
        let tableKey = TableKey(drawing: try drawingKey(req, campaign, filter: filter, status: status), query: req.url.query ?? "")
        let table = try await tables.value(tableKey, revision: revision) {
            let page = wall.items.dropFirst(list.offset).prefix(list.perPage)
            let orgs = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.partyOrganizations(ids: Array(Set(page.compactMap(\.organizationID))), on: req.db).map { ($0.id, $0.name) })
            let rows = page.map { t in
                Table.Row([.init(t.name, link: CampaignPaths.task(t.id)), .init(t.targets.compactMap { wall.places[$0].map { $0.address.isEmpty ? $0.name : $0.address } }.joined(separator: "；")),
                           .init(t.organizationID.flatMap { orgs[$0] } ?? "—"), .init(t.responsible), .init(t.deadline),
                           .init(t.status.label), .init("\(t.progress)%", numeric: true)], attention: t.status == .overdue)
            }
            return Table(columns: ["任务", "地点", "党组织", "责任人", "期限", "状态", "进度"].enumerated().map { .plain($0.element, numeric: $0.offset == 6) },
                         rows: rows, pager: list.pager(total: wall.items.count), emptyText: "没有符合条件的任务").html
        }
        let id = try campaign.requireID()
        let statusPicker = Picker(name: "status", label: "状态", options: TaskStatus.allCases.map { .init($0.rawValue, $0.label) }, selected: status?.rawValue,
                                  empty: "全部", ordered: true)
        let model = WallModel(
            id: id, name: campaign.name, goal: campaign.goal, period: campaign.period, leaders: drawings.leaders.nonEmpty,
            figures: drawings.figures, plan: drawings.plan, gantt: drawings.gantt,
            tasks: table,
            filters: [filter.picker, statusPicker], canAdd: try req.currentUser.hasAny(Role.placeEditors),
            query: req.url.query.map { "?" + $0 } ?? "", printedOn: BeijingTime.day(of: req.gongzhi.now()).chinese)
        return try await req.page("campaigns/wall", title: campaign.name, breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init(campaign.name)], model)
    }

    /// The A3 sheet: title, date, figures, legend, map and chart, nothing else.
    @Sendable func print(req: Request) async throws -> Response {
        let campaign = try await Self.visibleCampaign(req)
        let (filter, status, drawings, _, _) = try await draw(req, campaign)
        let subtitle = [filter.chosen?.name, status?.label].compactMap { $0 }.joined(separator: " · ")
        let model = WallModel(id: try campaign.requireID(), name: campaign.name, goal: campaign.goal, period: campaign.period, leaders: drawings.leaders.nonEmpty,
                              figures: drawings.figures, plan: drawings.plan, gantt: drawings.gantt, tasks: "", filters: [],
                              canAdd: false, query: subtitle, printedOn: BeijingTime.day(of: req.gongzhi.now()).chinese)
        return try await req.page("campaigns/print", title: campaign.name, breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init(campaign.name)], model)
    }

    /// The wall's filter, its drawings (cached per change of records) and the revision they were drawn at.
    func draw(_ req: Request, _ campaign: Campaign) async throws -> (CommunityFilter, TaskStatus?, Drawings, Wall, Int) {
        let filter = try await CommunityFilter.read(req)
        let status = try req.queryChoice("status", TaskStatus.self, label: "任务状态")
        let today = BeijingTime.day(of: req.gongzhi.now())
        let key = try drawingKey(req, campaign, filter: filter, status: status)
        let revision = try await DataRevision.total(on: req.db)
        let drawings = try await drawings.value(key, revision: revision) {
            let wall = try await Wall.load(campaign, scope: filter.scope, status: status, today: today, on: req.db)
            // The ground: the communities shown, and their compounds when one community is chosen.
            var ground = filter.chosen.map { [$0] } ?? wall.communities
            if filter.chosen != nil { ground += try await RegistryDirectory.places(.compound, within: filter.scope, on: req.db) }
            let leaders = try await CampaignLeader.query(on: req.db).filter(\.$campaignID == key.campaign).sort(\.$id).all()
            return Drawings(wall: wall, figures: wall.figures, plan: wall.plan(ground: ground).svg(title: "\(campaign.name)地图"),
                            gantt: wall.gantt.svg(title: "各社区进度"), leaders: leaders.map { "\($0.name)（\($0.duty)）" }.joined(separator: "、"))
        }
        return (filter, status, drawings, drawings.wall, revision)
    }
}
