import Fluent
import GongzhiCore
import SQLKit
import GongzhiKit
import Vapor

/// Page models of residents and households.
enum ResidentViews {
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }

    struct SearchModel: Encodable, Sendable {
        let criteria: ResidentSearch
        let tags: [Option]
        let table: Table
        let error: String?
        let total: Int
    }

    /// The resident form as browsers send it: a field left out (an unchecked box, a hidden input) reads as empty.
    struct Form: Content {
        var name: String?; var idNumber: String?; var phone: String?; var clearPhone: String?
        var gender: String?; var birthDate: String?; var residency: String?; var tags: [String]?; var relation: String?
        var input: ResidentWriter.Input {
            .init(name: name ?? "", idNumber: idNumber ?? "", phone: phone ?? "", clearPhone: clearPhone != nil, gender: gender ?? "",
                  birthDate: birthDate ?? "", residency: residency ?? "", tags: tags ?? [], relation: relation ?? "")
        }
    }

    /// The address of each place path, kept on the place (`PlaceAddress`), in one query.
    static func addresses(of paths: [String], on db: any Database) async throws -> [String: String] {
        let paths = Set(paths)
        guard !paths.isEmpty else { return [:] }
        let rows = try await db.sql.select().columns("path", "address").from(Place.schema)
            .where(SQLColumn("path"), .in, SQLBind.group(Array(paths))).all()
        var result: [String: String] = [:]
        for row in rows { result[try row.decode(column: "path", as: String.self)] = try row.decode(column: "address", as: String.self) }
        return result
    }

    struct DetailModel: Encodable, Sendable {
        let id: Int; let name: String; let facts: [PlacePage.Fact]; let householdID: Int; let partyMember: String?; let partyMemberID: Int?
        let categories: [Option]; let organizations: [Option]?
        /// Whether this user may ask for a full number, and the one just shown (never stored anywhere).
        let canReveal: Bool; let revealed: PlacePage.Fact?; let revealError: String?
        /// Why a move to another household was refused, and the code that was typed.
        let moveError: String?; let moveCode: String
        /// The version the move form carries: a move over someone else's change is refused like any edit.
        let stamp: VersionStamp
        /// Whether this user may remove, move and enrol residents (workers; a building-group leader records, not manages).
        let canManage: Bool
        /// The username of the resident's own account, if they have one.
        let account: String?
    }

    static func renderDetail(_ r: Resident, for req: Request, revealed: PlacePage.Fact? = nil, revealError: String? = nil,
                             moveError: String? = nil, moveCode: String = "", status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let address = try await addresses(of: [r.path], on: req.db)[r.path] ?? ""
        let household = try await Household.find(r.householdID, on: req.db)
        let member = try await PartyMember.query(on: req.db).filter(\.$residentID == r.id).first()
        let memberText = try await member.asyncMap { m in
            let org = try await PartyOrganization.find(m.organizationID, on: req.db)
            return "\(m.category.label) · \(org?.name ?? "")"
        }
        let facts: [PlacePage.Fact] = [
            .init(label: "姓名", value: r.name), .init(label: "性别", value: r.gender.label), .init(label: "出生日期", value: r.birthDate ?? "—"),
            .init(label: "公民身份号码", value: r.idMasked ?? "—"), .init(label: "联系电话", value: r.phoneMasked ?? "—"),
            .init(label: "住址", value: address), .init(label: "户编号", value: household?.code ?? ""), .init(label: "与户主关系", value: r.relation),
            .init(label: "居住类型", value: r.residency.label), .init(label: "标签", value: r.tagList.map(\.label).joined(separator: "、")),
        ]
        let crumbs = try await PlaceQueries.breadcrumbs(r.path, for: user, on: req.db, last: r.name)
        let model = DetailModel(id: try r.requireID(), name: r.name, facts: facts, householdID: r.householdID,
                                              partyMember: memberText, partyMemberID: member?.id,
                                              categories: PartyMemberCategory.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: false) },
                                              organizations: member != nil || !user.hasAny(Role.placeEditors) ? nil : try await PartyQueries.tree(scope: user.scope(), on: req.db)
                                                .filter { $0.org.path == r.path || r.path.hasPrefix($0.org.path) }
                                                .map { .init(value: String(try $0.org.requireID()), label: $0.org.name, selected: false) }.nonEmpty,
                                              canReveal: user.hasAny(Role.unmaskers) && (r.idSealed != nil || r.phoneSealed != nil),
                                              revealed: revealed, revealError: revealError, moveError: moveError, moveCode: moveCode,
                                              stamp: try await r.stamp(on: req.db), canManage: user.hasAny(Role.placeEditors),
                                              account: try await SignUpCodes.account(of: Person(kind: .resident, id: try r.requireID()), on: req.db))
        return try await req.page("registry/resident", title: r.name, breadcrumbs: crumbs, model, status: status)
    }

    struct FormModel: Encodable, Sendable {
        let adding: Bool; let action: String; let title: String; let householdID: Int?; let householdCode: String?; let address: String
        let form: [String: String]; let idMasked: String?; let phoneMasked: String?; let hasID: Bool
        let genders: [Option]; let residencies: [Option]; let tags: [Option]; let errors: FormErrors; let table: Table?
        let stamp: VersionStamp?
        /// Who answers for the household's building (包楼干部, 楼组长), from the modules that know.
        let contacts: String?
    }

    static func renderForm(_ r: Resident, household: Household?, input: ResidentWriter.Input?, problems: [FieldProblem], for req: Request,
                           status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let adding = household != nil
        let path = household?.path ?? r.path
        let address = try await addresses(of: [path], on: req.db)[path] ?? ""
        let tags = input?.tags ?? (adding ? [] : r.tagList.map(\.rawValue))
        let residency = input?.residency ?? (adding ? Residency.registered.rawValue : r.residency.rawValue)
        let gender = input?.gender ?? (adding ? "" : r.gender.rawValue)
        var table: Table?
        if let household {
            let members = try await Resident.query(on: req.db).filter(\.$householdID == (try household.requireID())).sort(\.$id).all()
            table = Table(columns: ["姓名", "与户主关系", "性别", "出生日期", "公民身份号码"].map { Table.Column.plain($0) },
                          rows: try members.map { m in Table.Row([.init(m.name, link: RegistryPaths.resident(try m.requireID())), .init(m.relation), .init(m.gender.label),
                                                              .init(m.birthDate ?? ""), .init(m.idMasked ?? "")]) },
                          emptyText: "该户暂无成员")
        }
        let model = FormModel(
            adding: adding, action: adding ? RegistryPaths.householdResidents(try household?.requireID() ?? 0) : RegistryPaths.resident(try r.requireID()),
            title: adding ? "户 \(household!.code)" : "修改居民：\(r.name)", householdID: household?.id, householdCode: household?.code, address: address,
            form: ["name": input?.name ?? (adding ? "" : r.name), "relation": input?.relation ?? (adding ? "" : r.relation),
                   "birthDate": input?.birthDate ?? (r.birthDate ?? ""), "phone": input?.phone ?? "", "idNumber": input?.idNumber ?? ""],
            idMasked: r.idMasked, phoneMasked: r.phoneMasked, hasID: r.idHash != nil,
            genders: Gender.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == gender) },
            residencies: Residency.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == residency) },
            tags: ResidentTag.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: tags.contains($0.rawValue)) },
            errors: FormErrors(problems), table: table, stamp: adding ? nil : try await r.stamp(on: req.db),
            contacts: try await req.gongzhi.contacts(at: path, on: req.db).map { "\($0.label)：\($0.name)" }.joined(separator: " · ").nonEmpty)
        let crumbs = try await PlaceQueries.breadcrumbs(path, for: user, on: req.db, last: adding ? "户 \(household!.code)" : r.name)
        return try await req.page("registry/resident-form", title: model.title, breadcrumbs: crumbs, model, status: status)
    }
}

