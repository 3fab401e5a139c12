import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Units and organisations (resident units, two-new organisations, property companies, …): listed, added, and
/// changed on their own page (a property company becomes red property, a unit founds its party organisation).
struct OrganizationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.organizations, use: list)
        routes.allow(Role.placeEditors).post(RegistryPaths.organizations, use: create)
        routes.get(RegistryPaths.organization, use: show)
        routes.allow(Role.placeEditors).post(RegistryPaths.organization, use: update)
    }

    struct Model: Encodable, Sendable {
        let kinds: [ResidentViews.Option]
        let communities: [ResidentViews.Option]
        let red: Bool
        let table: Table
        let canEdit: Bool
        let errors: FormErrors
        let form: [String: String]
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await render(req, errors: [], form: [:])
    }

    func render(_ req: Request, errors: [FieldProblem], form: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let kind = try req.queryChoice("kind", OrganizationKind.self, label: "单位类型")
        let red = try req.queryFlag("red", label: "只看红色物业") ?? false
        let list = try ListQuery(req, sortable: OrganizationQueries.organizationSorts, defaultSort: "kind")
        let (total, orgs) = try await OrganizationQueries.organizations(.init(kind: kind, redOnly: red), scope: user.scope(), list: list, on: req.db)
        let places = try await Place.query(on: req.db).filter(\.$id ~~ Set(orgs.map(\.placeID)).map { $0 }).all()
        let placeNames = Dictionary(uniqueKeysWithValues: try places.map { (try $0.requireID(), $0.name) })
        let rows = try orgs.map { o in
            Table.Row([.init(o.name, link: RegistryPaths.organization(try o.requireID())), .init(o.kind.label), .init(placeNames[o.placeID] ?? ""), .init(o.address ?? ""),
                       .init(o.hasPartyOrganization ? "有" : "无"), .init(o.redProperty ? "红色物业" : "")])
        }
        let table = Table(columns: [list.column("名称", key: "name"), list.column("类型", key: "kind"), list.column("所在社区"),
                                    list.column("地址"), list.column("党组织"), list.column("红色物业")],
                          rows: rows, pager: list.pager(total: total), emptyText: "没有符合条件的单位")
        let model = Model(kinds: Self.kinds(selected: form["kind"] ?? kind?.rawValue),
                          communities: try await Self.communities(user.scope(), selected: form["placeID"], on: req.db),
                          red: red, table: table, canEdit: user.hasAny(Role.placeEditors),
                          errors: FormErrors(errors), form: form)
        return try await req.page("registry/organizations", title: "单位与组织", breadcrumbs: [.init("单位与组织")], model, status: status)
    }

    struct Form: Content {
        var name: String; var kind: String; var placeID: String; var address: String?; var redProperty: String?; var hasPartyOrganization: String?
        /// What the form showed, to show again; a checkbox left unticked has no entry (Leaf takes any text as true).
        var values: [String: String] {
            Organization.formValues(name: name, kind: kind, placeID: placeID, address: address ?? "",
                                    redProperty: redProperty != nil, hasPartyOrganization: hasPartyOrganization != nil)
        }
    }

    /// Checks the form and, only if all is well, writes it onto `org`; otherwise every problem by field. Names are unique: the ledger
    /// import and the other modules find units by name.
    static func apply(_ form: Form, to org: Organization, scope: PlaceScope, on db: any Database) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let name = form.name.trimmingCharacters(in: .whitespaces)
        if let problem = TextRule.title().check(name).failure { problems.append(problem.field("name")) }
        else if let same = try await Organization.query(on: db).filter(\.$name == name).first(), same.id != org.id {
            problems.append(FieldProblem("name", "已有同名单位“\(name)”"))
        }
        let kind = OrganizationKind(rawValue: form.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择类型")) }
        let place = try await Place.find(form.placeID, within: scope, path: \.$path, on: db)
        if place?.kind != .community { problems.append(FieldProblem("placeID", "请选择管辖范围内的社区")) }
        let red = form.redProperty != nil
        if red, let kind, !kind.mayBeRedProperty { problems.append(FieldProblem("redProperty", "只有物业服务企业可标为红色物业")) }
        let address = form.address?.trimmingCharacters(in: .whitespaces) ?? ""
        if let problem = TextRule.address().check(address).failure { problems.append(problem.field("address")) }
        guard problems.isEmpty, let kind, let place else { return problems }
        org.name = name; org.kind = kind; org.placeID = try place.requireID(); org.path = place.path
        org.address = address.nilIfEmpty; org.redProperty = red; org.hasPartyOrganization = form.hasPartyOrganization != nil
        return []
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let org = Organization()
        let problems = try await Self.apply(form, to: org, scope: try req.currentUser.scope(), on: req.db)
        guard problems.isEmpty else { return try await render(req, errors: problems, form: form.values, status: .unprocessableEntity) }
        try await org.create(on: req.db)
        return req.redirect(to: RegistryPaths.organization(try org.requireID()), notice: "已保存。")
    }

    struct OrganizationModel: Encodable, Sendable {
        let id: Int; let name: String; let facts: [PlacePage.Fact]; let canEdit: Bool
        let kinds: [ResidentViews.Option]; let communities: [ResidentViews.Option]; let form: [String: String]; let errors: FormErrors
        /// Compounds this company serves, when it is a property company.
        let compounds: Table?
        let stamp: VersionStamp
    }

    @Sendable func show(req: Request) async throws -> Response {
        let org = try await req.visible(Organization.self, path: \.$path)
        return try await renderOrganization(org, req)
    }

    func renderOrganization(_ org: Organization, _ req: Request, form input: Form? = nil, problems: [FieldProblem] = [],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let community = try await Place.find(org.placeID, on: req.db)
        let facts: [PlacePage.Fact] = [
            .init(label: "类型", value: org.kind.label), .init(label: "所在社区", value: community?.name ?? ""),
            .init(label: "地址", value: org.address ?? "—"), .init(label: "党组织", value: org.hasPartyOrganization ? "已建" : "未建"),
        ] + (org.kind == .propertyCompany ? [.init(label: "红色物业", value: org.redProperty ? "是" : "否")] : [])
        let compounds = org.kind == .propertyCompany
            ? try await Place.query(on: req.db).filter(\.$propertyCompanyID == org.id).within(user.scope(), \.$path).sort(\.$path).all() : nil
        let form = input?.values ?? Organization.formValues(name: org.name, kind: org.kind.rawValue, placeID: String(org.placeID), address: org.address ?? "",
                                                            redProperty: org.redProperty, hasPartyOrganization: org.hasPartyOrganization)
        let model = OrganizationModel(
            id: try org.requireID(), name: org.name, facts: facts, canEdit: user.hasAny(Role.placeEditors),
            kinds: Self.kinds(selected: input?.kind ?? org.kind.rawValue),
            communities: try await Self.communities(user.scope(), selected: input?.placeID ?? String(org.placeID), on: req.db),
            form: form, errors: FormErrors(problems),
            compounds: try compounds.map { list in
                Table(columns: [.plain("服务楼院"), .plain("居民", numeric: true)],
                      rows: try list.map { Table.Row([.init($0.address.isEmpty ? $0.name : $0.address, link: RegistryPaths.place(try $0.requireID())), .init($0.residentCount)]) },
                      emptyText: "管辖范围内没有由其服务的楼院")
            }, stamp: try await org.stamp(on: req.db))
        return try await req.page("registry/organization", title: org.name, breadcrumbs: [.init("单位与组织", RegistryPaths.organizations.description), .init(org.name)],
                                  model, status: status)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let org = try await req.visible(Organization.self, path: \.$path)
        let form = try req.content.decode(Form.self)
        let stamp = try VersionStamp.read(req)
        let conflict = try await Versioning.problems(org, readAt: stamp, on: req.db)
        let problems = conflict.isEmpty ? try await Self.apply(form, to: org, scope: try req.currentUser.scope(), on: req.db) : conflict
        guard problems.isEmpty else {
            return try await renderOrganization(org, req, form: form, problems: problems, status: problems.status)
        }
        try await org.update(readAt: stamp, on: req.db)
        return req.redirect(to: RegistryPaths.organization(try org.requireID()), notice: "已保存。")
    }

    static func kinds(selected: String?) -> [ResidentViews.Option] {
        OrganizationKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }

    static func communities(_ scope: PlaceScope, selected: String?, on db: any Database) async throws -> [ResidentViews.Option] {
        try await Place.query(on: db).filter(\.$kind == .community).within(scope, \.$path).sort(\.$sortOrder).all()
            .map { .init(value: String(try $0.requireID()), label: $0.name, selected: selected == String(try $0.requireID())) }
    }
}

extension Organization {
    static func formValues(name: String, kind: String, placeID: String, address: String, redProperty: Bool, hasPartyOrganization: Bool) -> [String: String] {
        var values = ["name": name, "kind": kind, "placeID": placeID, "address": address]
        if redProperty { values["redProperty"] = "1" }
        if hasPartyOrganization { values["hasPartyOrganization"] = "1" }
        return values
    }
}
