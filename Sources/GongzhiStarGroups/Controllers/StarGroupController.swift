import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 星级楼组: the standing of every building group in the user's places, and the 三净三有 inspection form.
struct StarGroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(StarGroupPaths.groups, use: index)
        routes.get(StarGroupPaths.group, use: show)
        let editors = routes.allow(Role.placeEditors)
        editors.post(StarGroupPaths.inspections, use: inspect)
        editors.post(StarGroupPaths.confirmCheck, use: confirm)
        editors.post(StarGroupPaths.returnCheck, use: giveBack)
    }

    struct IndexModel: Encodable, Sendable {
        let figures: [Highlight.Figure]
        let communities: Table
        let groups: Table
    }

    @Sendable func index(req: Request) async throws -> Response {
        let user = try req.currentUser
        let standing = try await StarStanding.load(user.scope(), on: req.db)
        let communities = try await RegistryDirectory.places(.community, within: user.scope(), on: req.db).sorted { $0.sortOrder < $1.sortOrder }
        let communityRows = communities.map { c in
            let s = standing.within(c.path)
            return Table.Row([.init(c.name), .init(s.groups.count), .init(s.inspected), .init(s.passed), .init(s.rate, numeric: true)])
        }
        let list = try ListQuery(req, sortable: ["name", "stars"], defaultSort: "name")
        var groups = standing.groups
        // Those with a leader's self-check waiting for the community (from the worker's agenda).
        let pendingOnly = try req.queryFlag("pending", label: "只看待确认") ?? false
        let pending = Set(try await StarInspection.query(on: req.db).filter(\.$status == .pending).within(user.scope(), \.$path).all().map(\.buildingGroupID))
        if pendingOnly { groups = groups.filter { pending.contains($0.entry.id) } }
        let roles = Dictionary(grouping: try await GroupRole.query(on: req.db).within(user.scope(), \.$path).all(), by: \.buildingGroupID)
        if list.sortKey == "stars" { groups.sort { ($0.latest?.stars ?? -1, $0.entry.path) < ($1.latest?.stars ?? -1, $1.entry.path) } }
        if list.descending { groups.reverse() }
        let page = groups.dropFirst(list.offset).prefix(list.perPage)
        let groupRows = page.map { g in
            Table.Row([.init(g.entry.name, link: StarGroupPaths.group(g.entry.id)),
                       .init(g.latest.map { StarRule.symbols($0.stars) } ?? "未评定"),
                       .init(g.latest == nil ? "—" : standing.passes(g) ? "达标" : "未达标"),
                       .init(g.latest?.inspectedOn ?? "—"),
                       .init(roles[g.entry.id]?.first { $0.kind == .leader }?.name ?? "—"),
                       .init(GroupDesk.vacancies(roles[g.entry.id] ?? []).count > 0 ? "缺\(GroupDesk.vacancies(roles[g.entry.id] ?? []).count)类" : "齐全"),
                       .init(pending.contains(g.entry.id) ? "待确认" : "")], attention: pending.contains(g.entry.id))
        }
        let model = IndexModel(
            figures: StarGroupsModule.figures(standing),
            communities: Table(columns: ["社区", "楼组", "已评定", "达标", "达标率"].enumerated().map { .plain($0.element, numeric: $0.offset > 0) }, rows: communityRows),
            groups: Table(columns: [list.column("楼组", key: "name"), list.column("星级", key: "stars"), .plain("是否达标"), .plain("评定日期"),
                                    .plain("楼组长"), .plain("1+3+N"), .plain("自查")],
                          rows: groupRows, pager: list.pager(total: groups.count)))
        return try await req.page("star-groups/index", title: "星级楼组", breadcrumbs: [.init("星级楼组")], model)
    }

    @Sendable func show(req: Request) async throws -> Response { try await GroupPage.render(req, group: try await GroupPage.visibleGroup(req)) }

    struct InspectionForm: Content {
        var inspectedOn: String?; var inspector: String?; var note: String?
        var groundClean: String?; var wallsClean: String?; var doorsWindowsClean: String?
        var hasCulture: String?; var hasActivities: String?; var hasServices: String?
        /// A photo of the building as evidence, and the thumbnail the page's script made of it.
        var photo: File?; var thumbnail: File?

        var input: GroupDesk.CheckInput {
            .init(checkedOn: inspectedOn ?? "", inspector: inspector ?? "", note: note ?? "",
                  ticks: [groundClean, wallsClean, doorsWindowsClean, hasCulture, hasActivities, hasServices].map { $0 == "on" })
        }
        var echo: [String: String] {
            var values = ["inspectedOn": inspectedOn ?? "", "inspector": inspector ?? "", "note": note ?? ""]
            for (item, on) in zip(StarChecklist.items, input.ticks) where on { values[item.key] = "on" }
            return values
        }
    }

    /// Records the community's 三净三有 inspection; it counts at once.
    @Sendable func inspect(req: Request) async throws -> Response {
        let group = try await GroupPage.visibleGroup(req)
        let form = try req.content.decode(InspectionForm.self)
        do {
            let photo = try PhotoUpload.checked(form.photo, thumbnail: form.thumbnail)
            try await GroupDesk.check(form.input, selfCheck: false, photo: photo, group: group, author: try Author(req), on: req.db)
            return req.redirect(to: StarGroupPaths.group(group.id), notice: "评定已保存。")
        } catch AppError.invalid(let problems) {
            return try await GroupPage.render(req, group: group, input: form.echo, problems: problems)
        }
    }

    struct Decision: Content { var reason: String? }

    /// The community confirms a leader's self-check, which then counts, or returns it with a reason.
    @Sendable func confirm(req: Request) async throws -> Response { try await decide(req, confirm: true) }
    @Sendable func giveBack(req: Request) async throws -> Response { try await decide(req, confirm: false) }

    func decide(_ req: Request, confirm: Bool) async throws -> Response {
        let inspection = try await req.visible(StarInspection.self, path: \.$path)
        // Confirming sends no field at all.
        let reason = (try? req.content.decode(Decision.self))?.reason ?? ""
        let author = try Author(req)
        try await AppError.asOneMessage { try await GroupDesk.decide(inspection, confirm: confirm, reason: reason, author: author, on: req.db) }
        return req.redirect(to: StarGroupPaths.group(inspection.buildingGroupID), notice: confirm ? "已确认，星级按规则计入。" : "已退回，楼组长会在手机上看到理由。")
    }
}
