import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit
import Vapor

/// The page of one place: its facts, its roll-up counts, its children (or, for a dwelling, its households).
enum PlacePage {
    struct Model: Encodable, Sendable {
        struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
        let id: Int
        let name: String
        let kindLabel: String
        let isDwelling: Bool
        let facts: [Fact]
        let figures: [Fact]
        /// On a community's page, what the other modules' records say about it (its star rate, its tasks, …), drawn.
        let highlightCards: String
        /// The signed-in person's own waiting items, on the place that is their home.
        let agenda: String
        let table: Table
        let canEdit: Bool
        let edit: [String: String]
        let editErrors: [String: String]
        let childErrors: [String: String]
        /// Nil for a dwelling, under which no place may be added.
        let childKinds: [Option]?
        let managementTypes: [Option]
        let propertyCompanies: [Option]
        let showsCode: Bool
        let isCompound: Bool
        let isBuilding: Bool
        /// Households whose invitation letters a worker may print here at once (0: none, or too many for one print).
        let invitations: Int
        let stamp: VersionStamp
    }
    struct Fact: Encodable, Sendable { let label: String; let value: String }

    static func render(_ place: Place, for req: Request, editErrors: [FieldProblem] = [], childErrors: [FieldProblem] = [],
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let db = req.db
        var facts = [Fact(label: "类型", value: place.kind.label)]
        if let code = place.code { facts.append(Fact(label: "区划代码", value: code)) }
        if let area = place.area { facts.append(Fact(label: "面积", value: place.kind == .subdistrict ? "\(ChineseNumber.decimal(area))平方公里" : "\(ChineseNumber.decimal(area))平方米")) }
        if let type = place.managementType { facts.append(Fact(label: "管理类型", value: type.label)) }
        if let id = place.propertyCompanyID, let company = try await Organization.find(id, on: db) {
            facts.append(Fact(label: "物业服务企业", value: company.name + (company.redProperty ? "（红色物业）" : "")))
        }
        if let id = place.coveringPartyOrgID, let org = try await PartyOrganization.find(id, on: db) { facts.append(Fact(label: "覆盖党组织", value: org.name)) }
        if let status = place.renovationStatus { facts.append(Fact(label: "改造状态", value: status)) }
        let group = place.kind == .building ? try await BuildingGroup.query(on: db).filter(\.$placeID == (try place.requireID())).first() : nil
        if let group { facts.append(Fact(label: "楼组", value: group.name)) }
        if [.building, .entrance, .floor, .dwelling].contains(place.kind) {
            facts += try await req.gongzhi.contacts(at: place.path, on: db).map { Fact(label: $0.label, value: $0.name) }
        }
        let isHome = user.grants.contains { $0.placePath == place.path }
        let agenda = isHome ? Gongzhi.agendaCard(try await req.gongzhi.agenda(for: user, today: BeijingTime.day(of: req.gongzhi.now()), on: db)) : ""
        let figures = [Fact(label: "居民", value: "\(place.residentCount)人"), Fact(label: "户", value: "\(place.householdCount)户"),
                       Fact(label: "房屋", value: "\(place.dwellingCount)套"), Fact(label: "党员", value: "\(place.partyMemberCount)人")]
        let table = place.kind == .dwelling ? try await residentsTable(place, req: req) : try await childrenTable(place, req: req)
        let highlightCards = place.kind == .community
            ? try await req.gongzhi.highlightCards.value(place.path, revision: try await DataRevision.total(on: db)) {
                Highlight.cards(try await req.gongzhi.highlights(at: place.path, on: db))
            } : ""
        let companies = place.kind == .compound
            ? try await Organization.query(on: db).filter(\.$kind == .propertyCompany).sort(\.$name).all() : []
        let model = Model(
            id: try place.requireID(), name: place.name, kindLabel: place.kind.label, isDwelling: place.kind == .dwelling, facts: facts, figures: figures,
            highlightCards: highlightCards, agenda: agenda, table: table, canEdit: user.hasAny(Role.placeEditors),
            edit: ["name": place.name, "code": place.code ?? "", "area": place.area.map { ChineseNumber.decimal($0) } ?? "",
                   "renovationStatus": place.renovationStatus ?? "", "buildingGroup": group?.name ?? ""],
            editErrors: editErrors.byField,
            childErrors: childErrors.byField,
            childKinds: place.kind.childKinds.map { .init(value: $0.rawValue, label: $0.label, selected: false) }.nonEmpty,
            managementTypes: ManagementType.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == place.managementType) },
            propertyCompanies: try companies.map { .init(value: String(try $0.requireID()), label: $0.name, selected: $0.id == place.propertyCompanyID) },
            showsCode: place.kind == .subdistrict || place.kind == .community, isCompound: place.kind == .compound,
            isBuilding: place.kind == .building,
            invitations: user.hasAny(Role.codeIssuers) && place.householdCount <= PeopleController.invitationsAtOnce ? place.householdCount : 0, stamp: try await place.stamp(on: db))
        let crumbs = try await PlaceQueries.breadcrumbs(place.path, for: user, on: db)
        return try await req.page("registry/place", title: place.name, breadcrumbs: crumbs, model, status: status)
    }

    static func childrenTable(_ place: Place, req: Request) async throws -> Table {
        let list = try ListQuery(req, sortable: ["order", "name", "residents", "households", "members"], defaultSort: "order")
        let order = ["name": "name", "residents": "resident_count", "households": "household_count", "members": "party_member_count"][list.sortKey] ?? "sort_order"
        let children = try await PlaceRow.select(on: req.db).where("parent_id", .equal, SQLBind(try place.requireID()))
            .orderBy(order, list.descending ? .descending : .ascending).orderBy("id")
            .limit(list.perPage).offset(list.offset).places()
        // Most places have fewer children than a page holds: then the page is the count.
        let total = list.offset == 0 && children.count < list.perPage
            ? children.count : try await req.db.query(Place.self).filter(\.$parentID == place.id).count()
        let rows = children.map { c in
            Table.Row([.init(c.name, link: RegistryPaths.place(c.id)), .init(c.kind.label), .init(c.managementType?.label ?? ""),
                       .init(c.residentCount), .init(c.householdCount), .init(c.dwellingCount), .init(c.partyMemberCount)])
        }
        return Table(columns: [list.column("名称", key: "name"), list.column("类型"), list.column("管理类型"),
                               list.column("居民", key: "residents", numeric: true), list.column("户数", key: "households", numeric: true),
                               list.column("房屋", numeric: true), list.column("党员", key: "members", numeric: true)],
                     rows: rows, pager: total > list.perPage ? list.pager(total: total) : nil, emptyText: "暂无下级地点")
    }

    /// A dwelling's households and the residents living in each.
    static func residentsTable(_ dwelling: Place, req: Request) async throws -> Table {
        let households = try await Household.query(on: req.db).filter(\.$dwellingID == (try dwelling.requireID())).sort(\.$code).all()
        let residents = try await Resident.query(on: req.db).filter(\.$householdID ~~ households.compactMap(\.id)).sort(\.$id).all()
        var rows: [Table.Row] = []
        for h in households {
            let members = residents.filter { $0.householdID == h.id }
            if members.isEmpty { rows.append(Table.Row([.init(h.code, link: RegistryPaths.household(try h.requireID())), .init("（暂无成员）"), .init(""), .init(""), .init(""), .init("")])) }
            for r in members {
                rows.append(Table.Row([.init(h.code, link: RegistryPaths.household(try h.requireID())), .init(r.name, link: RegistryPaths.resident(try r.requireID())), .init(r.relation),
                                       .init(r.gender.label), .init(r.idMasked ?? ""), .init(r.tagList.map(\.label).joined(separator: "、"))]))
            }
        }
        return Table(columns: ["户编号", "姓名", "与户主关系", "性别", "公民身份号码", "标签"].map { Table.Column.plain($0) }, rows: rows, emptyText: "该房屋暂无住户")
    }
}
