import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Facilities and positions (设施与阵地) within the user's places: their areas count towards the figures that use
/// them (new activity space, pocket parks). Listed, added, and changed on their own page.
struct FacilityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.facilities, use: list)
        routes.allow(Role.placeEditors).post(RegistryPaths.facilities, use: create)
        routes.get(RegistryPaths.facility, use: show)
        routes.allow(Role.placeEditors).post(RegistryPaths.facility, use: update)
    }

    struct ListModel: Encodable, Sendable {
        let table: Table; let canEdit: Bool; let kinds: [ResidentViews.Option]; let places: Picker?
        let form: [String: String]; let errors: FormErrors
    }

    @Sendable func list(req: Request) async throws -> Response { try await renderList(req, form: [:], errors: []) }

    func renderList(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let list = try ListQuery(req, sortable: OrganizationQueries.facilitySorts, defaultSort: "kind")
        let (total, items) = try await OrganizationQueries.facilities(scope: user.scope(), list: list, on: req.db)
        let addresses = try await ResidentViews.addresses(of: items.map(\.path), on: req.db)
        let rows = try items.map { f in
            Table.Row([.init(f.name, link: RegistryPaths.facility(try f.requireID())), .init(f.kind.label), .init(addresses[f.path] ?? ""),
                       .init(f.areaM2.map { ChineseNumber.decimal($0) } ?? "", numeric: true), .init(f.openedOn ?? "")])
        }
        let table = Table(columns: [list.column("名称", key: "name"), list.column("类型", key: "kind"), list.column("位置"),
                                    list.column("面积（平方米）", key: "area", numeric: true), list.column("启用日期")], rows: rows,
                          pager: list.pager(total: total), emptyText: "没有设施")
        let canEdit = user.hasAny(Role.placeEditors)
        let model = ListModel(table: table, canEdit: canEdit, kinds: Self.kinds(selected: form["kind"]),
                              places: canEdit ? Picker(name: "placeID", label: "所在地点", tree: try await PlaceQueries.placements(user.scope(), selected: form["placeID"], on: req.db),
                                                       error: errors.byField["placeID"]) : nil,
                              form: form, errors: FormErrors(errors))
        return try await req.page("registry/facilities", title: "设施与阵地", breadcrumbs: [.init("单位与组织", RegistryPaths.organizations.description), .init("设施与阵地")],
                                  model, status: status)
    }

    struct Form: Content {
        var name: String; var kind: String; var placeID: String; var area: String?; var openedOn: String?
        var values: [String: String] { ["name": name, "kind": kind, "placeID": placeID, "area": area ?? "", "openedOn": openedOn ?? ""] }
    }

    /// Checks the form and, only if all is well, writes it onto `facility`; otherwise every problem by field.
    static func apply(_ form: Form, to facility: Facility, scope: PlaceScope, on db: any Database) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let name = TextRule.title().check(form.name, field: "name", into: &problems) ?? ""
        let kind = FacilityKind(rawValue: form.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择类型")) }
        let place = try await Place.find(form.placeID, within: scope, path: \.$path, on: db)
        if place == nil { problems.append(FieldProblem("placeID", "所选地点不存在或不在您的管辖范围内")) }
        let area = PlaceController.area(form.area, into: &problems)
        let opened = form.openedOn?.trimmingCharacters(in: .whitespaces) ?? ""
        let date = CivilDate(typed: opened)
        if !opened.isEmpty && date == nil { problems.append(FieldProblem("openedOn", "启用日期“\(opened)”格式应为YYYY-MM-DD")) }
        guard problems.isEmpty, let kind, let place else { return problems }
        facility.name = name; facility.kind = kind; facility.placeID = try place.requireID(); facility.path = place.path
        facility.areaM2 = area; facility.openedOn = date?.description
        return []
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let facility = Facility()
        let problems = try await Self.apply(form, to: facility, scope: try req.currentUser.scope(), on: req.db)
        guard problems.isEmpty else { return try await renderList(req, form: form.values, errors: problems, status: .unprocessableEntity) }
        try await facility.create(on: req.db)
        return req.redirect(to: RegistryPaths.facility(try facility.requireID()), notice: "已保存。")
    }

    struct FacilityModel: Encodable, Sendable {
        let id: Int; let name: String; let facts: [PlacePage.Fact]; let canEdit: Bool
        let kinds: [ResidentViews.Option]; let places: Picker?; let form: [String: String]; let errors: FormErrors
        let stamp: VersionStamp
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(try await req.visible(Facility.self, path: \.$path), req)
    }

    func render(_ f: Facility, _ req: Request, form input: Form? = nil, problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let address = try await ResidentViews.addresses(of: [f.path], on: req.db)[f.path] ?? ""
        let facts: [PlacePage.Fact] = [
            .init(label: "类型", value: f.kind.label), .init(label: "位置", value: address),
            .init(label: "面积", value: f.areaM2.map { "\(ChineseNumber.decimal($0))平方米" } ?? "—"), .init(label: "启用日期", value: f.openedOn ?? "—"),
        ]
        let form = input?.values ?? ["name": f.name, "area": f.areaM2.map { ChineseNumber.decimal($0) } ?? "", "openedOn": f.openedOn ?? ""]
        let canEdit = user.hasAny(Role.placeEditors)
        let model = FacilityModel(
            id: try f.requireID(), name: f.name, facts: facts, canEdit: canEdit,
            kinds: Self.kinds(selected: input?.kind ?? f.kind.rawValue),
            places: canEdit ? Picker(name: "placeID", label: "所在地点", tree: try await PlaceQueries.placements(user.scope(), selected: input?.placeID ?? String(f.placeID), on: req.db),
                                     error: problems.byField["placeID"]) : nil,
            form: form, errors: FormErrors(problems), stamp: try await f.stamp(on: req.db))
        return try await req.page("registry/facility", title: f.name,
                                  breadcrumbs: [.init("单位与组织", RegistryPaths.organizations.description), .init("设施与阵地", RegistryPaths.facilities.description), .init(f.name)], model, status: status)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let facility = try await req.visible(Facility.self, path: \.$path)
        let form = try req.content.decode(Form.self)
        let stamp = try VersionStamp.read(req)
        let conflict = try await Versioning.problems(facility, readAt: stamp, on: req.db)
        let problems = conflict.isEmpty ? try await Self.apply(form, to: facility, scope: try req.currentUser.scope(), on: req.db) : conflict
        guard problems.isEmpty else { return try await render(facility, req, form: form, problems: problems, status: problems.status) }
        try await facility.update(readAt: stamp, on: req.db)
        return req.redirect(to: RegistryPaths.facility(try facility.requireID()), notice: "已保存。")
    }

    static func kinds(selected: String?) -> [ResidentViews.Option] {
        FacilityKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }
}
