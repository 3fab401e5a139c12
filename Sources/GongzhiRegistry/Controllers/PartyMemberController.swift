import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Party members (党员台账) within the user's places: the list by category and organisation, registration by ID
/// number, and one member's page where the ledger's facts are changed (a member retires, moves to another branch)
/// or the member is taken off the ledger.
struct PartyMemberController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.partyMembers, use: list)
        routes.allow(Role.placeEditors).post(RegistryPaths.partyMembers, use: add)
        routes.get(RegistryPaths.partyMember, use: show)
        routes.allow(Role.placeEditors).post(RegistryPaths.partyMember, use: update)
        routes.allow(Role.placeEditors).post(RegistryPaths.partyMemberDelete, use: delete)
    }

    struct ListModel: Encodable, Sendable {
        let filter: PartyQueries.MemberFilter
        let categories: [ResidentViews.Option]
        let table: Table
        let organizationName: String?
        let canAdd: Bool
        let organizations: Picker
        let form: [String: String]
        let errors: FormErrors
    }

    @Sendable func list(req: Request) async throws -> Response { try await renderList(req, form: [:], errors: []) }

    func renderList(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let filter = try PartyQueries.MemberFilter(req)
        var organizationName: String?
        if let id = filter.organizationID {
            guard let org = try await PartyOrganization.find(id, on: req.db), user.scope().contains(org.path) else { throw AppError.forbidden }
            organizationName = org.name
        }
        let list = try ListQuery(req, sortable: PartyQueries.MemberFilter.sorts, defaultSort: "name")
        let result = try await PartyQueries.members(filter, scope: user.scope(), list: list, on: req.db)
        let rows = result.rows.map { m in
            Table.Row([.init(m.name ?? "", link: RegistryPaths.partyMember(m.id)), .init(PartyMemberCategory(rawValue: m.category)?.label ?? ""),
                       .init(m.organization), .init(m.joined_on ?? ""), .init(m.workplace ?? ""), .init(m.id_masked ?? "")])
        }
        let table = Table(columns: [list.column("姓名", key: "name"), list.column("类别", key: "category"), list.column("所在党组织"),
                                    list.column("入党日期", key: "joined"), list.column("工作单位"), list.column("公民身份号码")],
                          rows: rows, pager: list.pager(total: result.total), emptyText: "没有符合条件的党员")
        let selected = form["organizationID"] ?? filter.organizationID.map(String.init)
        let model = ListModel(filter: filter, categories: Self.categories(selected: filter.category), table: table, organizationName: organizationName,
                              canAdd: user.hasAny(Role.placeEditors),
                              organizations: Picker(name: "organizationID", label: "所在党组织", tree: try await Self.organizations(user.scope(), selected: selected, on: req.db),
                                                    error: errors.byField["organizationID"]),
                              form: form, errors: FormErrors(errors))
        return try await req.page("registry/party-members", title: "党员", breadcrumbs: [.init("党组织", RegistryPaths.party.description), .init("党员")], model, status: status)
    }

    /// Who a member is, beside the ledger's facts (`PartyMemberWriter.Form`) in the same form.
    struct Identity: Content { var idNumber: String?; var name: String? }

    /// Registers a party member by ID number: a resident of the user's places is linked without typing their name
    /// again; anyone else is recorded as an outside person.
    @Sendable func add(req: Request) async throws -> Response {
        let user = try req.currentUser
        let (identity, form) = (try req.content.decode(Identity.self), try req.content.decode(PartyMemberWriter.Form.self))
        let values = ["name": identity.name ?? "", "category": form.category ?? "", "organizationID": form.organizationID ?? "",
                      "joinedOn": form.joinedOn ?? "", "workplace": form.workplace ?? ""]
        var problems: [FieldProblem] = []
        var details: PartyMemberWriter.Details?
        do { details = try await .check(form, scope: user.scope(), on: req.db) } catch AppError.invalid(let p) { problems += p }
        let member = PartyMember()
        var id: CitizenID?
        do { id = try CitizenID(identity.idNumber ?? "") } catch { problems.append(FieldProblem("idNumber", error.description)) }
        if let id, let problem = try await PartyMemberWriter.identify(member, id: id, name: identity.name ?? "", scope: user.scope(),
                                                                      vault: req.gongzhi.vault, on: req.db) { problems.append(problem) }
        guard problems.isEmpty, let details else { return try await renderList(req, form: values, errors: problems, status: .unprocessableEntity) }
        try await details.save(member, vault: req.gongzhi.vault, on: req.db)
        return req.redirect(to: RegistryPaths.partyMember(try member.requireID()), notice: "已保存。")
    }

    struct MemberModel: Encodable, Sendable {
        let id: Int; let name: String; let facts: [PlacePage.Fact]; let residentID: Int?; let canEdit: Bool
        let isOutsider: Bool; let categories: [ResidentViews.Option]; let organizations: Picker
        let form: [String: String]; let errors: FormErrors; let stamp: VersionStamp
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(try await req.visible(PartyMember.self, path: \.$path), req)
    }

    func render(_ m: PartyMember, _ req: Request, input: PartyMemberWriter.Form? = nil, name: String? = nil, problems: [FieldProblem] = [],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let resident = try await m.residentID.asyncMap { try await Resident.find($0, on: req.db) } ?? nil
        let org = try await PartyOrganization.find(m.organizationID, on: req.db)
        let address = try await resident.asyncMap { try await ResidentViews.addresses(of: [$0.path], on: req.db)[$0.path] } ?? nil
        let displayName = resident?.name ?? m.name ?? ""
        let facts: [PlacePage.Fact] = [
            .init(label: "姓名", value: displayName), .init(label: "类别", value: m.category.label), .init(label: "所在党组织", value: org?.name ?? ""),
            .init(label: "入党日期", value: m.joinedOn ?? "—"), .init(label: "工作单位", value: m.workplace ?? "—"),
            .init(label: "公民身份号码", value: resident?.idMasked ?? m.idMasked ?? "—"),
            .init(label: "联系电话", value: resident?.phoneMasked ?? m.phoneMasked ?? "—"),
            .init(label: "住址", value: address ?? "非本辖区居民"),
        ]
        let form = ["category": input?.category ?? m.category.rawValue, "joinedOn": input?.joinedOn ?? m.joinedOn ?? "",
                    "workplace": input?.workplace ?? m.workplace ?? "", "name": name ?? m.name ?? ""]
        let model = MemberModel(
            id: try m.requireID(), name: displayName, facts: facts, residentID: resident?.id,
            canEdit: user.hasAny(Role.placeEditors), isOutsider: resident == nil, categories: Self.categories(selected: form["category"]!),
            organizations: Picker(name: "organizationID", label: "所在党组织",
                                  tree: try await Self.organizations(user.scope(), selected: input?.organizationID ?? String(m.organizationID), on: req.db),
                                  error: problems.byField["organizationID"]),
            form: form, errors: FormErrors(problems), stamp: try await m.stamp(on: req.db))
        return try await req.page("registry/party-member", title: displayName,
                                  breadcrumbs: [.init("党组织", RegistryPaths.party.description), .init("党员", RegistryPaths.partyMembers.description), .init(displayName)], model, status: status)
    }

    /// Changes what the ledger says of a member; an outside person's name and phone are kept here, a resident's on
    /// the resident record (typed once, there).
    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.currentUser
        let member = try await req.visible(PartyMember.self, path: \.$path)
        let name = try req.content.decode(Identity.self).name
        var details = try req.content.decode(PartyMemberWriter.Form.self)
        if member.residentID != nil { details.phone = nil }
        let stamp = try VersionStamp.read(req)
        var problems = try await Versioning.problems(member, readAt: stamp, on: req.db)
        var checked: PartyMemberWriter.Details?
        do { checked = try await .check(details, scope: user.scope(), on: req.db) } catch AppError.invalid(let p) { problems += p }
        if member.residentID == nil, let problem = PartyMemberWriter.nameProblem(name ?? "") { problems.append(problem) }
        guard problems.isEmpty, let checked else {
            return try await render(member, req, input: details, name: name, problems: problems, status: problems.status)
        }
        if member.residentID == nil { member.name = name?.trimmedForStorage }
        try await checked.save(member, readAt: stamp, vault: req.gongzhi.vault, on: req.db)
        return req.redirect(to: RegistryPaths.partyMember(try member.requireID()), notice: "已保存。")
    }

    /// Takes a member off the ledger (organisation transferred out, deceased); a resident stays in the registry.
    @Sendable func delete(req: Request) async throws -> Response {
        let member = try await req.visible(PartyMember.self, path: \.$path)
        try await PartyMemberWriter.delete(member, on: req.db)
        return req.redirect(to: "\(RegistryPaths.partyMembers)?organization=\(member.organizationID)", notice: "已将该党员移出党员台账。")
    }

    static func categories(selected: String) -> [ResidentViews.Option] {
        PartyMemberCategory.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }

    /// The party organisations a user may choose, indented as a tree.
    static func organizations(_ scope: PlaceScope, selected: String?, on db: any Database) async throws -> [ResidentViews.Option] {
        try await PartyQueries.tree(scope: scope, on: db).map {
            .init(value: String(try $0.org.requireID()), label: String(repeating: "　", count: $0.depth) + $0.org.name, selected: selected == String(try $0.org.requireID()))
        }
    }
}
