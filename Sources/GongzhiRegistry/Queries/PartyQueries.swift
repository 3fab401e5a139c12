import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit
import Vapor

/// Party organisations and members within a user's places. A member who is a resident takes name and
/// numbers from the resident record (entered once).
enum PartyQueries {
    struct MemberRow: Decodable, Sendable {
        let id: Int; let name: String?; let category: String; let joined_on: String?; let workplace: String?
        let organization: String; let organization_id: Int; let resident_id: Int?; let id_masked: String?; let path: String
        /// The member's own phone (an outside person's); a resident's phone stays on the resident record.
        let phone_masked: String?
        let version: Int?
    }

    struct MemberFilter: Sendable, Encodable {
        var category = ""
        var organizationID: Int?
        var name = ""
        /// One member only (the API's answer about a member it just read or changed).
        var memberID: Int?
        static let sorts = ["name", "joined", "category"]
    }

    static func members(_ filter: MemberFilter, scope: PlaceScope, list: ListQuery?, on db: any Database) async throws -> (total: Int, rows: [MemberRow]) {
        func base(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            select.from(SQLAlias(SQLIdentifier(PartyMember.schema), as: SQLIdentifier("m")))
                .join(SQLAlias(SQLIdentifier(Resident.schema), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                      on: SQLColumn("resident_id", table: "m"), .equal, SQLColumn("id", table: "r"))
                .join(SQLAlias(SQLIdentifier(PartyOrganization.schema), as: SQLIdentifier("o")),
                      on: SQLColumn("organization_id", table: "m"), .equal, SQLColumn("id", table: "o"))
                .where(scope.predicate("path", table: "m"))
                .where { w in
                    if let c = PartyMemberCategory(rawValue: filter.category) { w.where(SQLColumn("category", table: "m"), .equal, SQLBind(c.rawValue)) }
                    if let org = filter.organizationID { w.where(SQLColumn("organization_id", table: "m"), .equal, SQLBind(org)) }
                    if let id = filter.memberID { w.where(SQLColumn("id", table: "m"), .equal, SQLBind(id)) }
                    if !filter.name.isEmpty {
                        w.where(SQLFunction("COALESCE", args: SQLColumn("name", table: "r"), SQLColumn("name", table: "m")), .like,
                                SQLBind("%\(ResidentSearch.escapeLike(filter.name))%"))
                    }
                    return w
                }
        }
        struct Count: Decodable { let n: Int }
        let total = try await base(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))))
            .first(decoding: Count.self)?.n ?? 0
        let select = base(db.sql.select()
            .column(SQLColumn("id", table: "m"))
            .column(SQLAlias(SQLFunction("COALESCE", args: SQLColumn("name", table: "r"), SQLColumn("name", table: "m")), as: SQLIdentifier("name")))
            .column(SQLColumn("category", table: "m")).column(SQLColumn("joined_on", table: "m")).column(SQLColumn("workplace", table: "m"))
            .column(SQLAlias(SQLColumn("name", table: "o"), as: SQLIdentifier("organization")))
            .column(SQLColumn("organization_id", table: "m")).column(SQLColumn("resident_id", table: "m")).column(SQLColumn("path", table: "m")).column(SQLColumn("phone_masked", table: "m")).column(SQLColumn("version", table: "m"))
            .column(SQLAlias(SQLFunction("COALESCE", args: SQLColumn("id_masked", table: "r"), SQLColumn("id_masked", table: "m")), as: SQLIdentifier("id_masked"))))
        if let list {
            let direction: SQLDirection = list.descending ? .descending : .ascending
            switch list.sortKey {
            case "joined": select.orderBy(SQLColumn("joined_on", table: "m"), direction)
            case "category": select.orderBy(SQLColumn("category", table: "m"), direction)
            default: select.orderBy(SQLFunction("COALESCE", args: SQLColumn("name_key", table: "r"), SQLColumn("name_key", table: "m")), direction)
            }
            select.orderBy(SQLColumn("id", table: "m")).limit(list.perPage).offset(list.offset)
        } else {
            select.orderBy(SQLColumn("path", table: "m")).orderBy(SQLColumn("id", table: "m"))
        }
        return (total, try await select.all(decoding: MemberRow.self))
    }

    /// One organisation of the tree: its own members and the total of it and every organisation beneath it.
    struct TreeNode: Sendable { let org: PartyOrganization; let depth: Int; let members: Int; let total: Int }

    /// The party organisations a user may see, in tree order, with their members (those within the user's places)
    /// and the total beneath each, so the working committee's total is the subdistrict's membership.
    static func tree(scope: PlaceScope, on db: any Database) async throws -> [TreeNode] {
        let orgs = try await PartyOrganization.query(on: db).sort(\.$id).all()
        let counts = try await ProfileQuery.counts(PartyMember.schema, "organization_id", scope, on: db)
        let children = Dictionary(grouping: orgs, by: \.parentID)
        var result: [TreeNode] = []
        /// Appends the organisations under `parent` and returns their members' total.
        func walk(_ parent: Int?, depth: Int) throws -> Int {
            var sum = 0
            for org in children[parent] ?? [] {
                let id = try org.requireID()
                let own = counts[String(id)] ?? 0
                let index = result.count
                let visible = scope.contains(org.path)
                if visible { result.append(TreeNode(org: org, depth: depth, members: own, total: own)) }
                let below = try walk(id, depth: depth + 1)
                if visible { result[index] = TreeNode(org: org, depth: depth, members: own, total: own + below) }
                sum += own + below
            }
            return sum
        }
        _ = try walk(nil, depth: 0)
        return result
    }
}

extension PartyQueries.MemberFilter {
    /// The filter a members' list (page or API) is asked for in its query string.
    init(_ req: Request) throws {
        let category = try req.queryChoice("category", PartyMemberCategory.self, label: "党员类别")?.rawValue ?? ""
        let name = req.query[String.self, at: "name"]?.trimmedSpaces ?? ""
        guard name.count <= 40 else { throw AppError.badRequest("参数name（姓名）最多40字") }
        self.init(category: category, organizationID: try req.queryID("organization", label: "党组织"), name: name)
    }
}
