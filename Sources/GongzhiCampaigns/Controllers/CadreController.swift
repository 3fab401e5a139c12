import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 包楼到户: who answers for each building of a community (and through it its households), assigned from one list;
/// and a cadre's own page — their buildings, the households in them, and their open tasks.
struct CadreController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.mine, use: mine)
        routes.get(CampaignPaths.assignments, use: assignments)
        routes.allow(Role.placeEditors).post(CampaignPaths.assignments, use: assign)
    }

    // MARK: A cadre's page

    struct MineModel: Encodable, Sendable { let tasks: Table; let buildings: Table; let households: Table?; let buildingCount: Int; let householdCount: Int }

    @Sendable func mine(req: Request) async throws -> Response {
        let user = try req.currentUser
        let today = BeijingTime.day(of: req.gongzhi.now())
        let list = try ListQuery(req, sortable: [], defaultSort: "deadline")
        let open = Self.openTasks(of: user.id, on: req.db)
        let total = try await open.count()
        let tasks = try await open.sort(\.$deadline).sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        let campaigns = Dictionary(uniqueKeysWithValues: try await Campaign.query(on: req.db).filter(\.$id ~~ Set(tasks.map(\.campaignID))).all().map { ($0.id ?? 0, $0.name) })
        let taskTable = Table(columns: ["任务", "专项行动", "期限", "状态", "进度"].enumerated().map { .plain($0.element, numeric: $0.offset == 4) },
                              rows: try tasks.map { t in
                                  let shown = t.shownStatus(today: today)
                                  return Table.Row([.init(t.name, link: CampaignPaths.task(try t.requireID())), .init(campaigns[t.campaignID] ?? ""), .init(t.deadline),
                                                    .init(shown.label), .init("\(t.progress)%", numeric: true)], attention: shown == .overdue)
                              }, pager: list.pager(total: total), emptyText: "没有待完成的任务")
        let assigned = try await BuildingAssignment.query(on: req.db).filter(\.$cadreID == user.id).sort(\.$path).all()
        let households = try await RegistryDirectory.households(within: PlaceScope(paths: assigned.map(\.path)), adultsOn: today, on: req.db)
        let addresses = try await RegistryDirectory.addresses(of: Set(assigned.map(\.path)), on: req.db)
        let assignedIDs = Set(assigned.map(\.placeID))
        let byBuilding = Dictionary(grouping: households) { h in PlaceScope.ids(in: h.path).first(where: assignedIDs.contains) ?? 0 }
        let buildings = Table(columns: [.plain("楼栋"), .plain("户数", numeric: true), .plain("居民", numeric: true)], rows: assigned.map { a in
            let own = byBuilding[a.placeID] ?? []
            return Table.Row([.init(addresses[a.path] ?? "—", link: RegistryPaths.place(a.placeID)), .init(own.count), .init(own.reduce(0) { $0 + $1.residents })])
        }, emptyText: "还没有分包的楼栋")
        let householdTable = households.isEmpty ? nil : Table(columns: [.plain("户"), .plain("住址"), .plain("人数", numeric: true)], rows: households.prefix(500).map { h in
            Table.Row([.init(h.code, link: RegistryPaths.household(h.id)), .init(h.address), .init(h.residents)])
        })
        return try await req.page("campaigns/mine", title: "我的任务", breadcrumbs: [.init("我的任务")],
                                  MineModel(tasks: taskTable, buildings: buildings, households: householdTable, buildingCount: assigned.count, householdCount: households.count))
    }

    /// A cadre's tasks not done.
    static func openTasks(of userID: Int, on db: any Database) -> QueryBuilder<CampaignTask> {
        CampaignTask.query(on: db).filter(\.$cadreID == userID).filter(\.$status != .done)
    }

    // MARK: Assignments

    struct AssignmentsModel: Encodable, Sendable {
        let table: Table; let filters: [Picker]; let canAssign: Bool; let cadres: Picker?; let buildings: [Choice]?
        let figures: [Highlight.Figure]; let query: String; let errors: FormErrors
    }
    struct Choice: Encodable, Sendable { let value: Int; let label: String; let cadre: String? }

    @Sendable func assignments(req: Request) async throws -> Response { try await render(req, problems: []) }

    func render(_ req: Request, problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let filter = try await CommunityFilter.read(req)
        let buildings = try await RegistryDirectory.places(.building, within: filter.scope, on: req.db)
        let assigned = Dictionary(try await BuildingAssignment.query(on: req.db).within(filter.scope, \.$path).all().map { ($0.placeID, $0) }) { a, _ in a }
        let households = try await RegistryDirectory.households(within: filter.scope, adultsOn: BeijingTime.day(of: req.gongzhi.now()), on: req.db)
        // A household's building is the one of the ids along its path.
        let buildingIDs = Set(buildings.map(\.id))
        let perBuilding = Dictionary(grouping: households) { h in PlaceScope.ids(in: h.path).first(where: buildingIDs.contains) ?? 0 }
        let list = try ListQuery(req, sortable: [], defaultSort: "path")
        let rows = buildings.dropFirst(list.offset).prefix(list.perPage).map { b in
            Table.Row([.init(b.address.isEmpty ? b.name : b.address, link: RegistryPaths.place(b.id)), .init(perBuilding[b.id]?.count ?? 0),
                       .init(assigned[b.id]?.cadre ?? "未分包")], attention: assigned[b.id] == nil)
        }
        let covered = buildings.filter { assigned[$0.id] != nil }
        let coveredHouseholds = covered.reduce(0) { $0 + (perBuilding[$1.id]?.count ?? 0) }
        let canAssign = user.hasAny(Role.placeEditors) && filter.chosen != nil
        var cadres: Picker?
        if canAssign, let community = filter.chosen {
            let staff = try await Staff.members(reaching: community.path, roles: Role.placeEditors, on: req.db).filter { $0.scope.contains(community.path) }
            cadres = Picker(name: "cadreID", label: "包楼干部", options: staff.map { .init(String($0.id), $0.label) }, selected: nil, empty: "请选择", error: problems.byField["cadreID"])
        }
        let model = AssignmentsModel(
            table: Table(columns: [.plain("楼栋"), .plain("户数", numeric: true), .plain("包楼干部")], rows: rows, pager: list.pager(total: buildings.count)),
            filters: [filter.picker], canAssign: canAssign, cadres: cadres,
            buildings: canAssign ? buildings.prefix(2_000).map { Choice(value: $0.id, label: $0.address.isEmpty ? $0.name : $0.address, cadre: assigned[$0.id]?.cadre) } : nil,
            figures: [.init("楼栋", "\(buildings.count)栋"), .init("已分包", "\(covered.count)栋"), .init("覆盖住户", "\(coveredHouseholds)/\(households.count)户"),
                      .init("分包率", ChineseNumber.percent(covered.count, of: buildings.count))],
            query: req.url.query.map { "?" + $0 } ?? "", errors: FormErrors(problems))
        return try await req.page("campaigns/assignments", title: "包楼到户", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init("包楼到户")],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct AssignForm: Content { var cadreID: String?; var buildings: [String]? }

    @Sendable func assign(req: Request) async throws -> Response {
        let form = try req.content.decode(AssignForm.self)
        do {
            let n = try await CampaignDesk.assign(cadreID: form.cadreID ?? "", buildingIDs: form.buildings ?? [], scope: try req.currentUser.scope(for: Role.placeEditors),
                                                  author: try Author(req), on: req.db)
            return req.redirect(to: "\(CampaignPaths.assignments)\(req.url.query.map { "?" + $0 } ?? "")", notice: "已分包\(n)栋楼。")
        } catch AppError.invalid(let problems) { return try await render(req, problems: problems) }
    }
}
