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
        routes.allow(Role.placeEditors).post(StarGroupPaths.inspections, use: inspect)
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
        if list.sortKey == "stars" { groups.sort { ($0.latest?.stars ?? -1, $0.entry.path) < ($1.latest?.stars ?? -1, $1.entry.path) } }
        if list.descending { groups.reverse() }
        let page = groups.dropFirst(list.offset).prefix(list.perPage)
        let groupRows = page.map { g in
            Table.Row([.init(g.entry.name, link: StarGroupPaths.group(g.entry.id)),
                       .init(g.latest.map { StarRule.symbols($0.stars) } ?? "未评定"),
                       .init(g.latest == nil ? "—" : standing.passes(g) ? "达标" : "未达标"),
                       .init(g.latest?.inspectedOn ?? "—")])
        }
        let model = IndexModel(
            figures: StarGroupsModule.figures(standing),
            communities: Table(columns: ["社区", "楼组", "已评定", "达标", "达标率"].enumerated().map { .plain($0.element, numeric: $0.offset > 0) }, rows: communityRows),
            groups: Table(columns: [list.column("楼组", key: "name"), list.column("星级", key: "stars"), .plain("是否达标"), .plain("评定日期")],
                          rows: groupRows, pager: list.pager(total: groups.count)))
        return try await req.page("star-groups/index", title: "星级楼组", breadcrumbs: [.init("星级楼组")], model)
    }

    struct GroupModel: Encodable, Sendable {
        let group: RegistryDirectory.BuildingGroupEntry
        let address: String
        let standing: String
        let history: Table
        let canInspect: Bool
        let items: [Item]
        let form: [String: String]
        let errors: [String: String]
        let passLevel: Int
        let photoField: String
        struct Item: Encodable, Sendable { let key: String; let label: String; let checked: Bool }
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, group: try await visibleGroup(req), form: [:], errors: [])
    }

    func render(_ req: Request, group: RegistryDirectory.BuildingGroupEntry, form: [String: String], errors: [FieldProblem],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let rule = try await StarRules.current(on: req.db)
        let inspections = try await StarInspection.query(on: req.db).filter(\.$buildingGroupID == group.id)
            .sort(\.$inspectedOn, .descending).sort(\.$id, .descending).all()
        let photos = try await PhotoUpload.photos(of: StarGroupsModule.name, records: inspections.compactMap(\.id), on: req.db)
        let rows = inspections.map { i in
            let c = i.checklist
            let marks = [c.groundClean, c.wallsClean, c.doorsWindowsClean, c.hasCulture, c.hasActivities, c.hasServices].map { $0 ? "✓" : "✗" }
            return Table.Row([.init(i.inspectedOn), .init(StarRule.symbols(i.stars)), .init(rule.passes(i.stars) ? "达标" : "未达标")]
                             + marks.map { Table.Cell($0) } + [.init(i.inspector), .init(i.note ?? ""),
                                                                .init(photos[i.id ?? 0]?.first.map { _ in "照片" } ?? "", link: photos[i.id ?? 0]?.first.map { PhotoPaths.photo($0) })])
        }
        let columns = (["评定日期", "星级", "是否达标"] + StarChecklist.items.map(\.label) + ["评定人", "备注", "照片"]).map { Table.Column.plain($0) }
        let latest = inspections.first
        let address = try await RegistryDirectory.addresses(of: [group.path], on: req.db)[group.path] ?? ""
        let model = GroupModel(
            group: group, address: address,
            standing: latest.map { "\(StarRule.symbols($0.stars))（\(rule.passes($0.stars) ? "达标" : "未达标")，\($0.inspectedOn)评定）" } ?? "尚未评定",
            history: Table(columns: columns, rows: rows, emptyText: "尚无评定记录"),
            canInspect: user.hasAny(Role.placeEditors),
            items: StarChecklist.items.map { .init(key: $0.key, label: $0.label, checked: form[$0.key] == "on") },
            // A fresh form starts from today and the signed-in worker: usually the inspection being entered.
            form: form.isEmpty ? ["inspectedOn": BeijingTime.day(of: req.gongzhi.now()).description, "inspector": user.displayName] : form,
            errors: errors.byField, passLevel: rule.passLevel, photoField: PhotoUpload.field(error: errors.byField["photo"]))
        return try await req.page("star-groups/group", title: group.name, breadcrumbs: [.init("星级楼组", StarGroupPaths.groups.description), .init(group.name)],
                                  model, status: status)
    }

    /// The group named in the path, if it lies within the user's places; otherwise the same 403 as a missing one.
    func visibleGroup(_ req: Request) async throws -> RegistryDirectory.BuildingGroupEntry {
        try await req.visible({ try await RegistryDirectory.buildingGroups(ids: [$0], on: req.db).first }, path: \.path)
    }

    struct InspectionForm: Content {
        var inspectedOn: String; var inspector: String; var note: String?
        var groundClean: String?; var wallsClean: String?; var doorsWindowsClean: String?
        var hasCulture: String?; var hasActivities: String?; var hasServices: String?
        /// A photo of the building as evidence, and the thumbnail the page's script made of it.
        var photo: File?; var thumbnail: File?
    }

    /// Records a 三净三有 inspection; the star level comes from the rule in force, never typed.
    @Sendable func inspect(req: Request) async throws -> Response {
        let group = try await visibleGroup(req)
        let form = try req.content.decode(InspectionForm.self)
        let date = form.inspectedOn.trimmedSpaces, inspector = form.inspector.trimmedSpaces, note = form.note?.trimmedSpaces ?? ""
        var problems: [FieldProblem] = []
        let day = CivilDate(typed: date)
        if day == nil { problems.append(FieldProblem("inspectedOn", "评定日期格式应为YYYY-MM-DD")) }
        else if let day, day > BeijingTime.day(of: req.gongzhi.now()) { problems.append(FieldProblem("inspectedOn", "评定日期不能晚于今天")) }
        _ = TextRule.personName("评定人").check(inspector, field: "inspector", into: &problems)
        _ = TextRule.note("备注", max: 200).check(note, field: "note", into: &problems)
        let ticks = [form.groundClean, form.wallsClean, form.doorsWindowsClean, form.hasCulture, form.hasActivities, form.hasServices].map { $0 == "on" }
        var photo: PhotoUpload?
        do { photo = try PhotoUpload.from(form.photo, thumbnail: form.thumbnail) } catch { problems.append(error) }
        guard problems.isEmpty, let day else {
            var values = ["inspectedOn": date, "inspector": inspector, "note": note]
            for (item, on) in zip(StarChecklist.items, ticks) where on { values[item.key] = "on" }
            return try await render(req, group: group, form: values, errors: problems, status: .unprocessableEntity)
        }
        let inspection = StarInspection()
        inspection.buildingGroupID = group.id; inspection.path = group.path
        inspection.inspectedOn = day.description; inspection.inspector = inspector; inspection.note = note.isEmpty ? nil : note
        inspection.checklist = StarChecklist(groundClean: ticks[0], wallsClean: ticks[1], doorsWindowsClean: ticks[2],
                                             hasCulture: ticks[3], hasActivities: ticks[4], hasServices: ticks[5])
        inspection.stars = StarRule.standard.stars(inspection.checklist)
        let user = try req.currentUser, now = req.gongzhi.now(), evidence = photo
        try await req.db.transaction { db in
            try await inspection.create(on: db, movingRevision: StarGroupsModule.name)
            try await evidence?.store(module: StarGroupsModule.name, record: try inspection.requireID(), path: group.path, by: user.displayName, at: now, on: db)
        }
        return req.redirect(to: StarGroupPaths.group(group.id), notice: "评定已保存。")
    }
}
