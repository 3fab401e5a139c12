import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Party organisations as a tree within the user's places: founded (a new branch, a two-new party organisation)
/// under an organisation the user may see, and renamed or re-dated on their own page.
struct PartyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.party, use: tree)
        routes.allow(Role.placeEditors).post(RegistryPaths.partyOrganizations, use: create)
        routes.get(RegistryPaths.partyOrganization, use: show)
        routes.allow(Role.placeEditors).post(RegistryPaths.partyOrganization, use: update)
    }

    struct TreeModel: Encodable, Sendable {
        let table: Table; let canEdit: Bool; let kinds: [ResidentViews.Option]; let parents: Picker
        let places: Picker?; let form: [String: String]; let errors: FormErrors
    }

    @Sendable func tree(req: Request) async throws -> Response { try await renderTree(req, form: [:], errors: []) }

    func renderTree(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let nodes = try await PartyQueries.tree(scope: user.scope(), on: req.db)
        let rows = nodes.map { n in
            let id = n.org.id ?? 0
            return Table.Row([.init(String(repeating: "　", count: n.depth) + n.org.name, link: RegistryPaths.partyOrganization(id)),
                              .init(n.org.kind.label), .init(n.org.foundedOn ?? ""), .init(n.members, link: "\(RegistryPaths.partyMembers)?organization=\(id)"),
                              .init(n.total)])
        }
        let table = Table(columns: [.plain("党组织"), .plain("类型"), .plain("成立日期"), .plain("本级党员", numeric: true), .plain("含下级合计", numeric: true)],
                          rows: rows, emptyText: "管辖范围内没有党组织")
        let canEdit = user.hasAny(Role.placeEditors)
        let model = TreeModel(table: table, canEdit: canEdit, kinds: Self.kinds(selected: form["kind"] ?? PartyOrganizationKind.branch.rawValue),
                              parents: Picker(name: "parentID", label: "上级党组织", tree: try await PartyMemberController.organizations(user.scope(), selected: form["parentID"], on: req.db),
                                              error: errors.byField["parentID"]),
                              places: canEdit ? Picker(name: "placeID", label: "服务地点", tree: try await PlaceQueries.placements(user.scope(), selected: form["placeID"], on: req.db),
                                                       error: errors.byField["placeID"]) : nil,
                              form: form, errors: FormErrors(errors))
        return try await req.page("registry/party", title: "党组织", breadcrumbs: [.init("党组织")], model, status: status)
    }

    struct Form: Content { var name: String?; var kind: String?; var foundedOn: String?; var parentID: String?; var placeID: String? }

    /// What a worker types about a party organisation, checked; every problem by field otherwise.
    struct Checked { let name: String; let kind: PartyOrganizationKind; let foundedOn: String? }

    static func check(_ form: Form, except id: Int?, on db: any Database) async throws -> (Checked?, [FieldProblem]) {
        var problems: [FieldProblem] = []
        let name = form.name?.trimmingCharacters(in: .whitespaces) ?? ""
        if let problem = TextRule.title("党组织名称").check(name).failure { problems.append(problem.field("name")) }
        else if let same = try await PartyOrganization.query(on: db).filter(\.$name == name).first(), same.id != id {
            problems.append(FieldProblem("name", "已有同名党组织“\(name)”"))
        }
        let kind = PartyOrganizationKind(rawValue: form.kind ?? "")
        if kind == nil { problems.append(FieldProblem("kind", "请选择党组织类型")) }
        let founded = form.foundedOn?.trimmingCharacters(in: .whitespaces) ?? ""
        let date = CivilDate(typed: founded)
        if !founded.isEmpty && date == nil { problems.append(FieldProblem("foundedOn", "成立日期“\(founded)”格式应为YYYY-MM-DD")) }
        guard problems.isEmpty, let kind else { return (nil, problems) }
        return (Checked(name: name, kind: kind, foundedOn: date?.description), [])
    }

    /// Founds a party organisation under one the user may see, serving a place within the user's places that lies
    /// within the parent's (a branch of a community committee serves that community or a compound in it).
    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(Form.self)
        var (checked, problems) = try await Self.check(form, except: nil, on: req.db)
        let parent = try await PartyOrganization.find(form.parentID, within: user.scope(), path: \.$path, on: req.db)
        if parent == nil { problems.append(FieldProblem("parentID", "请选择管辖范围内的上级党组织")) }
        let place = try await Place.find(form.placeID, within: user.scope(), path: \.$path, on: req.db)
        if place == nil { problems.append(FieldProblem("placeID", "请选择管辖范围内的服务地点")) }
        else if let parent, !place!.path.hasPrefix(parent.path) { problems.append(FieldProblem("placeID", "服务地点须在上级党组织所在地点之内")) }
        guard problems.isEmpty, let checked, let parent, let place else {
            let values = ["name": form.name ?? "", "kind": form.kind ?? "", "foundedOn": form.foundedOn ?? "",
                          "parentID": form.parentID ?? "", "placeID": form.placeID ?? ""]
            return try await renderTree(req, form: values, errors: problems, status: .unprocessableEntity)
        }
        let org = PartyOrganization()
        org.parentID = parent.id; org.placeID = try place.requireID(); org.path = place.path
        org.name = checked.name; org.kind = checked.kind; org.foundedOn = checked.foundedOn
        try await org.create(on: req.db)
        return req.redirect(to: RegistryPaths.partyOrganization(try org.requireID()), notice: "已保存。")
    }

    struct OrganizationModel: Encodable, Sendable {
        let id: Int; let name: String; let facts: [PlacePage.Fact]; let canEdit: Bool; let members: Int
        let kinds: [ResidentViews.Option]; let form: [String: String]; let errors: FormErrors; let children: Table
        let stamp: VersionStamp
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(try await req.visible(PartyOrganization.self, path: \.$path), req)
    }

    func render(_ org: PartyOrganization, _ req: Request, form input: Form? = nil, problems: [FieldProblem] = [],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let parent = try await org.parentID.asyncMap { try await PartyOrganization.find($0, on: req.db) } ?? nil
        let address = try await ResidentViews.addresses(of: [org.path], on: req.db)[org.path]
        let place = try await Place.find(org.placeID, on: req.db)
        let members = try await PartyMember.query(on: req.db).filter(\.$organizationID == (try org.requireID())).count()
        let children = try await PartyOrganization.query(on: req.db).filter(\.$parentID == org.id).sort(\.$id).all().filter { user.scope().contains($0.path) }
        let facts: [PlacePage.Fact] = [
            .init(label: "类型", value: org.kind.label), .init(label: "上级党组织", value: parent?.name ?? "—"),
            .init(label: "服务地点", value: (address?.isEmpty == false ? address : place?.name) ?? ""), .init(label: "成立日期", value: org.foundedOn ?? "—"),
            .init(label: "党员", value: "\(members)人"),
        ]
        let form = ["name": input?.name ?? org.name, "foundedOn": input?.foundedOn ?? org.foundedOn ?? ""]
        let model = OrganizationModel(
            id: try org.requireID(), name: org.name, facts: facts, canEdit: user.hasAny(Role.placeEditors),
            members: members, kinds: Self.kinds(selected: input?.kind ?? org.kind.rawValue), form: form, errors: FormErrors(problems),
            children: Table(columns: [.plain("下级党组织"), .plain("类型"), .plain("成立日期")],
                            rows: try children.map { Table.Row([.init($0.name, link: RegistryPaths.partyOrganization(try $0.requireID())), .init($0.kind.label), .init($0.foundedOn ?? "")]) },
                            emptyText: "没有下级党组织"),
            stamp: try await org.stamp(on: req.db))
        return try await req.page("registry/party-organization", title: org.name, breadcrumbs: [.init("党组织", RegistryPaths.party.description), .init(org.name)],
                                  model, status: status)
    }

    /// Renames, re-kinds or re-dates a party organisation; where it sits in the tree stays (its members' places follow it).
    @Sendable func update(req: Request) async throws -> Response {
        let org = try await req.visible(PartyOrganization.self, path: \.$path)
        let form = try req.content.decode(Form.self)
        let stamp = try VersionStamp.read(req)
        var (checked, problems) = try await Self.check(form, except: org.id, on: req.db)
        problems = try await Versioning.problems(org, readAt: stamp, on: req.db) + problems
        guard let checked, problems.isEmpty else { return try await render(org, req, form: form, problems: problems, status: problems.status) }
        org.name = checked.name; org.kind = checked.kind; org.foundedOn = checked.foundedOn
        try await org.update(readAt: stamp, on: req.db)
        return req.redirect(to: RegistryPaths.partyOrganization(try org.requireID()), notice: "已保存。")
    }

    static func kinds(selected: String) -> [ResidentViews.Option] {
        PartyOrganizationKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }
}
