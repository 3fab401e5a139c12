import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 楼宇党建: the office buildings that house party organisations, and each one's year of monthly party activities.
struct TowerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CoBuildingPaths.towers, use: index)
        routes.get(CoBuildingPaths.tower, use: show)
        let editors = routes.allow(Role.placeEditors)
        editors.post(CoBuildingPaths.rota, use: generate)
        editors.post(CoBuildingPaths.rotaMonth, use: record)
        editors.post(CoBuildingPaths.rotaSwap, use: swap)
    }

    /// The buildings within the user's places where a party organisation is housed (a building's, not a community's).
    @Sendable func index(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let orgs = try await RegistryDirectory.partyOrganizations(PartyOrganizationKind.allCases, within: scope, on: req.db)
        let places = try await RegistryDirectory.places(ids: Array(Set(orgs.map(\.placeID))), on: req.db).filter { $0.kind == .building }
        var rows: [Table.Row] = []
        for b in places {
            let units = try await RegistryDirectory.organizations(OrganizationKind.allCases, within: PlaceScope(paths: [b.path]), on: req.db)
            rows.append(Table.Row([.init(b.name, link: CoBuildingPaths.tower(b.id)), .init(b.address), .init(orgs.count { $0.path.hasPrefix(b.path) }), .init(units.count)]))
        }
        let table = Table(columns: [.plain("楼宇"), .plain("地址"), .plain("楼内党组织", numeric: true), .plain("入驻单位", numeric: true)],
                          rows: rows, emptyText: "辖区内没有入驻党组织的楼宇")
        struct Model: Encodable, Sendable { let table: Table }
        return try await req.page("co-building/towers", title: "楼宇党建", breadcrumbs: [.init("区域共建", CoBuildingPaths.committees.description), .init("楼宇党建")], Model(table: table))
    }

    struct Model: Encodable, Sendable {
        struct Month: Encodable, Sendable {
            let id: Int; let month: Int; let host: String; let swap: String?; let held: String?; let topic: String?; let attendance: String?; let note: String; let open: Bool
        }
        let id: Int; let name: String; let address: String; let year: Int; let previous: Int; let next: Int
        let hosts: [String]; let units: [String]; let due: Int; let months: [Month]?; let canEdit: Bool; let canGenerate: Bool
        let monthPicker: Picker?; let otherPicker: Picker?; let input: [String: String]; let errors: FormErrors
    }

    func building(_ req: Request) async throws -> RegistryDirectory.PlaceEntry {
        let place = try await req.visible({ try await RegistryDirectory.places(ids: [$0], on: req.db).first }, path: \.path)
        guard place.kind == .building else { throw AppError.notFound("楼宇党建轮值只适用于楼栋") }
        return place
    }

    func year(_ req: Request) throws -> Int {
        try req.queryInt("year", in: 2000...2100, label: "年度") ?? BeijingTime.day(of: req.gongzhi.now()).year
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req, year: try year(req), input: [:], problems: []) }

    func render(_ req: Request, year: Int, input: [String: String], problems: [FieldProblem], status: HTTPResponseStatus? = nil) async throws -> Response {
        let b = try await building(req)
        let hosts = try await TowerRota.hosts(of: b, on: req.db)
        let units = try await RegistryDirectory.organizations(OrganizationKind.allCases, within: PlaceScope(paths: [b.path]), on: req.db)
        let due = try await RegistryDirectory.partyMemberCount(organizationIDs: hosts.map(\.id), on: req.db)
        let months = try await RotaMonth.query(on: req.db).filter(\.$buildingID == b.id).filter(\.$year == year).sort(\.$month).all()
        let canEdit = try req.currentUser.hasAny(Role.placeEditors)
        let open = months.filter { $0.heldOn == nil }
        let options = try open.map { Picker.Option(String(try $0.requireID()), "\($0.month)月（\($0.hostName)）") }
        let model = Model(
            id: b.id, name: b.name, address: b.address, year: year, previous: year - 1, next: year + 1,
            hosts: hosts.map(\.name), units: units.map(\.name), due: due,
            months: try months.map { m in
                .init(id: try m.requireID(), month: m.month, host: m.hostName, swap: m.swapNote.nonEmpty, held: m.heldOn, topic: m.topic,
                      attendance: m.present.map { (m.due ?? 0) > 0 ? "\($0)/\(m.due!)" : "\($0)人" }, note: m.note, open: m.heldOn == nil)
            }.nonEmpty,
            canEdit: canEdit, canGenerate: canEdit && months.isEmpty && hosts.count >= 2,
            monthPicker: canEdit && !open.isEmpty ? Picker(name: "monthID", label: "月份", options: options, selected: input["monthID"], ordered: true, error: problems.byField["monthID"]) : nil,
            otherPicker: canEdit && open.count >= 2 ? Picker(name: "otherID", label: "与哪个月互换", options: options, selected: input["otherID"], ordered: true, error: problems.byField["other"]) : nil,
            input: input, errors: FormErrors(problems))
        return try await req.page("co-building/tower", title: "\(b.name)楼宇党建", breadcrumbs: [.init("楼宇党建", CoBuildingPaths.towers.description), .init(b.name)], model,
                                  status: status ?? (problems.isEmpty ? .ok : .unprocessableEntity))
    }

    struct YearForm: Content { var year: String? }

    @Sendable func generate(req: Request) async throws -> Response {
        let b = try await building(req)
        let form = try req.content.decode(YearForm.self)
        let year: Int
        do { year = try Bounded.int(form.year ?? "", in: 2000...2100, label: "年度") } catch { throw AppError.badRequest(error.description) }
        try await TowerRota.generate(b, year: year, author: try Author(req), on: req.db)
        try await req.audit(action: "generate-tower-rota", target: CoBuildingPaths.tower(b.id), detail: "\(b.name)\(year)年轮值表")
        return req.redirect(to: "\(CoBuildingPaths.tower(b.id))?year=\(year)", notice: "已生成\(year)年轮值表。")
    }

    /// The month named by a form, of this building.
    func month(_ req: Request, _ b: RegistryDirectory.PlaceEntry, _ text: String?) async throws -> RotaMonth? {
        guard let id = Bounded.id(text), let m = try await RotaMonth.find(id, on: req.db), m.buildingID == b.id else { return nil }
        return m
    }

    struct ActivityForm: Content { var monthID: String?; var heldOn: String?; var topic: String?; var present: String?; var note: String? }

    @Sendable func record(req: Request) async throws -> Response {
        let b = try await building(req)
        let form = try req.content.decode(ActivityForm.self)
        let echo = ["monthID": form.monthID ?? "", "heldOn": form.heldOn ?? "", "topic": form.topic ?? "", "present": form.present ?? "", "note": form.note ?? ""]
        guard let m = try await month(req, b, form.monthID) else {
            return try await render(req, year: try year(req), input: echo, problems: [FieldProblem("monthID", "请选择本楼轮值表中的月份")])
        }
        guard m.heldOn == nil else { throw AppError.conflict("\(m.year)年\(m.month)月的活动已记录") }
        let due = try await RegistryDirectory.partyMemberCount(organizationIDs: try await TowerRota.hosts(of: b, on: req.db).map(\.id), on: req.db)
        do { try await TowerRota.record(m, .init(heldOn: form.heldOn ?? "", topic: form.topic ?? "", present: form.present ?? "", note: form.note ?? ""), due: due, author: try Author(req), on: req.db) }
        catch AppError.invalid(let problems) { return try await render(req, year: m.year, input: echo, problems: problems) }
        return req.redirect(to: "\(CoBuildingPaths.tower(b.id))?year=\(m.year)", notice: "已记录\(m.month)月的党员活动（\(m.hostName)承办）。")
    }

    struct SwapForm: Content { var monthID: String?; var otherID: String?; var reason: String? }

    @Sendable func swap(req: Request) async throws -> Response {
        let b = try await building(req)
        let form = try req.content.decode(SwapForm.self)
        guard let a = try await month(req, b, form.monthID), let other = try await month(req, b, form.otherID) else {
            return try await render(req, year: try year(req), input: ["monthID": form.monthID ?? "", "otherID": form.otherID ?? "", "reason": form.reason ?? ""],
                                    problems: [FieldProblem("other", "请选择本楼轮值表中的两个月份")])
        }
        do { try await TowerRota.swap(a, other, reason: form.reason ?? "", on: req.db) }
        catch AppError.invalid(let problems) {
            return try await render(req, year: a.year, input: ["monthID": form.monthID ?? "", "otherID": form.otherID ?? "", "reason": form.reason ?? ""], problems: problems)
        }
        try await req.audit(action: "swap-tower-rota", target: CoBuildingPaths.tower(b.id), detail: "\(a.year)年\(a.month)月与\(other.month)月互换承办单位")
        return req.redirect(to: "\(CoBuildingPaths.tower(b.id))?year=\(a.year)", notice: "\(a.month)月与\(other.month)月已互换承办单位。")
    }
}
