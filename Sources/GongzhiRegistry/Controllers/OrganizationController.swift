import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Units and organisations (resident units, two-new organisations, property companies, …) and facilities.
struct OrganizationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("organizations", use: list)
        routes.allow(Role.placeEditors).post("organizations", use: create)
        routes.get("facilities", use: facilities)
        routes.allow(Role.placeEditors).post("facilities", use: createFacility)
    }

    struct Model: Encodable, Sendable {
        let kinds: [ResidentViews.Option]
        let communities: [ResidentViews.Option]
        let red: Bool
        let table: Table
        let canEdit: Bool
        let errors: [String: String]
        let form: [String: String]
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await render(req, errors: [], form: [:])
    }

    func render(_ req: Request, errors: [FieldProblem], form: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let kind = OrganizationKind(rawValue: req.query[String.self, at: "kind"] ?? "")
        let red = req.query[String.self, at: "red"] == "1"
        let list = ListQuery(req, sortable: ["name", "kind"], defaultSort: "kind")
        let query = Organization.query(on: req.db).within(user.scope(), \.$path)
        if let kind { query.filter(\.$kind == kind) }
        if red { query.filter(\.$redProperty == true) }
        let total = try await query.count()
        if list.sortKey == "name" { query.sort(\.$name, list.descending ? .descending : .ascending) }
        else { query.sort(\.$kind, list.descending ? .descending : .ascending).sort(\.$name) }
        let orgs = try await query.range(list.offset..<(list.offset + list.perPage)).all()
        let places = try await Place.query(on: req.db).filter(\.$id ~~ Set(orgs.map(\.placeID)).map { $0 }).all()
        let placeNames = Dictionary(uniqueKeysWithValues: places.map { ($0.id!, $0.name) })
        let rows = orgs.map { o in
            Table.Row([.init(o.name), .init(o.kind.label), .init(placeNames[o.placeID] ?? ""), .init(o.address ?? ""),
                       .init(o.hasPartyOrganization ? "有" : "无"), .init(o.redProperty ? "红色物业" : "")])
        }
        let table = Table(columns: [list.column("名称", key: "name"), list.column("类型", key: "kind"), list.column("所在社区"),
                                    list.column("地址"), list.column("党组织"), list.column("红色物业")],
                          rows: rows, pager: list.pager(total: total), emptyText: "没有符合条件的单位")
        let communities = try await Place.query(on: req.db).filter(\.$kind == .community).sort(\.$sortOrder).all().filter { user.scope().contains($0.path) }
        let model = Model(kinds: OrganizationKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
                          communities: communities.map { .init(value: String($0.id!), label: $0.name, selected: form["placeID"] == String($0.id!)) },
                          red: red, table: table, canEdit: user.hasAny(Role.placeEditors),
                          errors: errors.byField, form: form)
        return try await req.page("registry/organizations", title: "单位与组织", breadcrumbs: [.init("单位与组织")], model, status: status)
    }

    struct Form: Content { var name: String; var kind: String; var placeID: String; var address: String?; var redProperty: String?; var hasPartyOrganization: String? }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(Form.self)
        var problems: [FieldProblem] = []
        let name = form.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { problems.append(FieldProblem("name", "请填写名称")) }
        else if try await Organization.query(on: req.db).filter(\.$name == name).first() != nil { problems.append(FieldProblem("name", "已有同名单位")) }
        let kind = OrganizationKind(rawValue: form.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择类型")) }
        let place = try await Int(form.placeID).asyncMap { try await Place.find($0, on: req.db) } ?? nil
        if place == nil || !user.scope().contains(place!.path) { problems.append(FieldProblem("placeID", "请选择管辖范围内的社区")) }
        guard problems.isEmpty, let kind, let place else {
            return try await render(req, errors: problems, form: ["name": form.name, "placeID": form.placeID, "address": form.address ?? ""], status: .unprocessableEntity)
        }
        let org = Organization()
        org.name = name; org.kind = kind; org.placeID = place.id!; org.path = place.path
        org.address = form.address?.nilIfEmpty; org.redProperty = form.redProperty != nil; org.hasPartyOrganization = form.hasPartyOrganization != nil
        try await org.create(on: req.db)
        return req.redirect(to: "/organizations?kind=\(kind.rawValue)")
    }

    struct FacilitiesModel: Encodable, Sendable {
        let table: Table; let canEdit: Bool; let kinds: [ResidentViews.Option]; let form: [String: String]; let errors: [String: String]
    }

    @Sendable func facilities(req: Request) async throws -> Response { try await renderFacilities(req, form: [:], errors: []) }

    func renderFacilities(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let list = ListQuery(req, sortable: ["name", "kind", "area"], defaultSort: "kind")
        let query = Facility.query(on: req.db).within(user.scope(), \.$path)
        switch list.sortKey {
        case "name": query.sort(\.$name, list.descending ? .descending : .ascending)
        case "area": query.sort(\.$areaM2, list.descending ? .descending : .ascending)
        default: query.sort(\.$kind, list.descending ? .descending : .ascending)
        }
        let items = try await query.all()
        let addresses = try await ResidentViews.addresses(of: items.map(\.path), on: req.db)
        let rows = items.map { f in
            Table.Row([.init(f.name), .init(f.kind.label), .init(addresses[f.path] ?? ""),
                       .init(f.areaM2.map { ChineseNumber.decimal($0) } ?? "", numeric: true), .init(f.openedOn ?? "")])
        }
        let table = Table(columns: [list.column("名称", key: "name"), list.column("类型", key: "kind"), list.column("位置"),
                                    list.column("面积（平方米）", key: "area", numeric: true), list.column("启用日期")], rows: rows, emptyText: "没有设施")
        let model = FacilitiesModel(table: table, canEdit: user.hasAny(Role.placeEditors),
                                    kinds: FacilityKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: form["kind"] == $0.rawValue) },
                                    form: form, errors: errors.byField)
        return try await req.page("registry/facilities", title: "设施与阵地", breadcrumbs: [.init("单位与组织", "/organizations"), .init("设施与阵地")],
                                  model, status: status)
    }

    struct FacilityForm: Content { var name: String; var kind: String; var placeID: String; var area: String?; var openedOn: String? }

    /// A facility or position (阵地) at a place within the user's places: its area counts towards the figures that use it.
    @Sendable func createFacility(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(FacilityForm.self)
        var problems: [FieldProblem] = []
        let name = form.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 60 { problems.append(FieldProblem("name", name.isEmpty ? "请填写名称" : "名称最多60字")) }
        let kind = FacilityKind(rawValue: form.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择类型")) }
        let place = try await Int(form.placeID.trimmingCharacters(in: .whitespaces)).asyncMap { try await Place.find($0, on: req.db) } ?? nil
        if place == nil || !user.scope().contains(place!.path) { problems.append(FieldProblem("placeID", "地点编号不存在或不在您的管辖范围内（可在地点页面地址中看到编号）")) }
        let areaText = form.area?.trimmingCharacters(in: .whitespaces) ?? ""
        let area = Double(areaText)
        if !areaText.isEmpty && (area == nil || area! <= 0) { problems.append(FieldProblem("area", "面积应为大于0的数字（平方米）")) }
        let opened = form.openedOn?.trimmingCharacters(in: .whitespaces) ?? ""
        if !opened.isEmpty && CivilDate(yyyymmdd: opened) == nil { problems.append(FieldProblem("openedOn", "启用日期格式应为YYYY-MM-DD")) }
        guard problems.isEmpty, let kind, let place else {
            return try await renderFacilities(req, form: ["name": form.name, "kind": form.kind, "placeID": form.placeID, "area": areaText, "openedOn": opened],
                                              errors: problems, status: .unprocessableEntity)
        }
        let facility = Facility()
        facility.name = name; facility.kind = kind; facility.placeID = place.id!; facility.path = place.path
        facility.areaM2 = areaText.isEmpty ? nil : area; facility.openedOn = opened.isEmpty ? nil : CivilDate(yyyymmdd: opened)?.description
        try await facility.create(on: req.db)
        return req.redirect(to: "/facilities")
    }
}
