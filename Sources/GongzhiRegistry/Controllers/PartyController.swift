import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Party organisations as a tree and party members by category, within the user's places.
struct PartyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("party", use: tree)
        routes.get("party", "members", use: members)
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
    }

    @Sendable func members(req: Request) async throws -> Response {
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
                                 table: table, organizationName: organizationName)
        return try await req.page("registry/party-members", title: "党员", breadcrumbs: [.init("党组织", "/party"), .init("党员")], model)
    }
}
