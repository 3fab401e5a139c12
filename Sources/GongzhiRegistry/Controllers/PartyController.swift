import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Party organisations as a tree and party members by category, within the user's places.
struct PartyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("party", use: tree)
        routes.get("party", "members", use: members)
        routes.allow(Role.placeEditors).post("party", "members", use: addMember)
    }

    struct TreeModel: Encodable, Sendable { let table: Table }

    @Sendable func tree(req: Request) async throws -> Response {
        let user = try req.currentUser
        let nodes = try await PartyQueries.tree(scope: user.scope(), on: req.db)
        let rows = nodes.map { n in
            Table.Row([.init(String(repeating: "　", count: n.depth) + n.org.name, link: "/party/members?organization=\(n.org.id!)"),
                       .init(n.org.kind.label), .init(n.org.foundedOn ?? ""), .init(n.members)])
        }
        let table = Table(columns: [.plain("党组织"), .plain("类型"), .plain("成立日期"), .plain("党员", numeric: true)], rows: rows, emptyText: "管辖范围内没有党组织")
        return try await req.page("registry/party", title: "党组织", breadcrumbs: [.init("党组织")], TreeModel(table: table))
    }

    struct MembersModel: Encodable, Sendable {
        let filter: PartyQueries.MemberFilter
        let categories: [ResidentViews.Option]
        let table: Table
        let organizationName: String?
        let canAdd: Bool
        let organizations: [ResidentViews.Option]
        let form: [String: String]
        let errors: [String: String]
    }

    @Sendable func members(req: Request) async throws -> Response { try await renderMembers(req, form: [:], errors: []) }

    func renderMembers(_ req: Request, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let filter = PartyQueries.MemberFilter(category: req.query[String.self, at: "category"] ?? "",
                                               organizationID: req.query[Int.self, at: "organization"], name: req.query[String.self, at: "name"] ?? "")
        var organizationName: String?
        if let id = filter.organizationID {
            guard let org = try await PartyOrganization.find(id, on: req.db), user.scope().contains(org.path) else { throw AppError.forbidden }
            organizationName = org.name
        }
        let list = ListQuery(req, sortable: ["name", "joined", "category"], defaultSort: "name")
        let result = try await PartyQueries.members(filter, scope: user.scope(), list: list, on: req.db)
        let rows = result.rows.map { m in
            Table.Row([.init(m.name ?? "", link: m.resident_id.map { "/residents/\($0)" }), .init(PartyMemberCategory(rawValue: m.category)?.label ?? ""),
                       .init(m.organization), .init(m.joined_on ?? ""), .init(m.workplace ?? ""), .init(m.id_masked ?? "")])
        }
        let table = Table(columns: [list.column("姓名", key: "name"), list.column("类别", key: "category"), list.column("所在党组织"),
                                    list.column("入党日期", key: "joined"), list.column("工作单位"), list.column("公民身份号码")],
                          rows: rows, pager: list.pager(total: result.total), emptyText: "没有符合条件的党员")
        let model = MembersModel(filter: filter, categories: PartyMemberCategory.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == filter.category) },
                                 table: table, organizationName: organizationName, canAdd: user.hasAny(Role.placeEditors),
                                 organizations: try await PartyQueries.tree(scope: user.scope(), on: req.db).map {
                                     .init(value: String($0.org.id!), label: String(repeating: "　", count: $0.depth) + $0.org.name,
                                           selected: form["organizationID"] == String($0.org.id!) || (form.isEmpty && filter.organizationID == $0.org.id)) },
                                 form: form, errors: errors.byField)
        return try await req.page("registry/party-members", title: "党员", breadcrumbs: [.init("党组织", "/party"), .init("党员")], model, status: status)
    }

    struct MemberForm: Content {
        var idNumber: String; var name: String?; var category: String?; var organizationID: String?; var joinedOn: String?
        var workplace: String?; var phone: String?
    }

    /// Registers a party member by ID number: a resident of the user's places is linked without typing their name
    /// again; anyone else is recorded as an outside person.
    @Sendable func addMember(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(MemberForm.self)
        let values = ["name": form.name ?? "", "category": form.category ?? "", "organizationID": form.organizationID ?? "",
                      "joinedOn": form.joinedOn ?? "", "workplace": form.workplace ?? ""]
        var problems: [FieldProblem] = []
        var id: CitizenID?
        do { id = try CitizenID(form.idNumber) } catch { problems.append(FieldProblem("idNumber", error.description)) }
        let category = PartyMemberCategory(rawValue: form.category ?? "")
        if category == nil { problems.append(FieldProblem("category", "请选择党员类别")) }
        let org = try await Int(form.organizationID ?? "").asyncMap { try await PartyOrganization.find($0, on: req.db) } ?? nil
        if org == nil || !user.scope().contains(org!.path) { problems.append(FieldProblem("organizationID", "请选择管辖范围内的党组织")) }
        let joinedText = form.joinedOn?.trimmingCharacters(in: .whitespaces) ?? ""
        let joined = CivilDate(yyyymmdd: joinedText)
        if !joinedText.isEmpty && joined == nil { problems.append(FieldProblem("joinedOn", "入党日期格式应为YYYY-MM-DD")) }
        let phoneText = form.phone?.trimmingCharacters(in: .whitespaces) ?? ""
        let phone = PhoneNumber(phoneText)
        if !phoneText.isEmpty && phone == nil { problems.append(FieldProblem("phone", "联系电话“\(phoneText)”不是有效的手机或固定电话号码")) }
        let workplace = form.workplace?.trimmingCharacters(in: .whitespaces) ?? ""
        if workplace.count > 60 { problems.append(FieldProblem("workplace", "工作单位最多60字")) }
        let member = PartyMember()
        if problems.isEmpty, let id, let problem = try await PartyMemberWriter.identify(member, id: id, name: form.name ?? "", scope: user.scope(),
                                                                                        vault: req.gongzhi.vault, on: req.db) {
            problems.append(problem)
        }
        guard problems.isEmpty, let category, let org else {
            return try await renderMembers(req, form: values, errors: problems, status: .unprocessableEntity)
        }
        member.category = category; member.organizationID = org.id!; member.path = org.path
        member.joinedOn = joined?.description; member.workplace = workplace.isEmpty ? nil : workplace
        if let phone { member.phoneSealed = req.gongzhi.vault.seal(phone.value); member.phoneMasked = phone.masked }
        try await req.db.transaction { db in
            try await member.create(on: db)
            try await Rollups.refresh(on: db, above: [org.path])
        }
        return req.redirect(to: member.residentID.map { "/residents/\($0)?saved=1" } ?? "/party/members?organization=\(org.id!)")
    }
}
