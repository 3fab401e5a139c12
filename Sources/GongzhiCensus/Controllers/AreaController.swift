import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import GongzhiStarGroups
import Vapor

/// Enumeration areas: the list (and the proposal that makes it), an area's page with its buildings, enumerator,
/// companions and households, and the office's adjustments.
struct AreaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CensusPaths.areas, use: areas)
        routes.get(CensusPaths.area, use: area)
        let office = routes.allow([.censusOffice])
        office.post(CensusPaths.propose, use: propose)
        office.post(CensusPaths.areaParts, use: move)
        office.post(CensusPaths.areaEnumerator, use: enumerator)
        let guides = routes.allow([.censusOffice, .censusInstructor])
        guides.post(CensusPaths.companions, use: companion)
        guides.post(CensusPaths.removeCompanion, use: removeCompanion)
    }

    struct AreasModel: Encodable, Sendable {
        let id: Int; let name: String; let office: Bool; let started: Bool; let target: Int; let areas: Table; let sentence: String; let problem: String?
        let community: Picker?; let plan: String
    }

    /// The areas the seat reaches, with their buildings, people and sizes.
    @Sendable func areas(req: Request) async throws -> Response { try await renderAreas(req, seat: try await CensusSeat.load(req), problem: nil) }

    func renderAreas(_ req: Request, seat: CensusSeat, problem: String?) async throws -> Response {
        let c = seat.campaign, id = seat.campaignID
        let areas = try await seat.areas(on: req.db)
        let parts = Dictionary(grouping: try await CensusCounts.parts(c, on: req.db), by: \.areaID)
        let places = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: parts.values.flatMap { $0.map(\.placeID) } + areas.map(\.communityID), on: req.db).map { ($0.id, $0) })
        let members = Dictionary(uniqueKeysWithValues: try await CensusMember.query(on: req.db).filter(\.$campaignID == id).all().compactMap { m in m.id.map { ($0, m) } })
        let companions = Dictionary(grouping: try await CensusCompanion.query(on: req.db).filter(\.$campaignID == id).all(), by: \.areaID)
        let tallies = try await CensusCounts.byArea(c, on: req.db)
        // One community at a time, on the list and on the plan.
        var communityIDs: [Int] = []
        for a in areas where !communityIDs.contains(a.communityID) { communityIDs.append(a.communityID) }
        let chosen = try req.queryID("community", label: "社区").flatMap { communityIDs.contains($0) ? $0 : nil } ?? communityIDs.first
        let shown = areas.filter { $0.communityID == chosen }
        let rows = try shown.map { a -> Table.Row in
            let own = parts[try a.requireID()] ?? []
            let size = c.startedAt == nil ? own.reduce(0) { $0 + (places[$1.placeID]?.householdCount ?? 0) } : (tallies[try a.requireID()]?.households ?? 0)
            let enumerator = a.enumeratorID.flatMap { members[$0] }
            let t = tallies[try a.requireID()] ?? Tally()
            let odd = size > c.areaTarget * 3 / 2 || size < c.areaTarget / 2
            return Table.Row([.init(a.label, link: CensusPaths.area(try a.requireID())), .init(places[a.communityID]?.name ?? ""),
                              .init(Self.partNames(own, places: places)), .init(size),
                              .init(enumerator?.name ?? "未指定"), .init(enumerator?.instructorID.flatMap { members[$0]?.name } ?? "—"),
                              .init((companions[try a.requireID()] ?? []).map(\.name).joined(separator: "、")),
                              .init(c.startedAt == nil ? "—" : t.progress, numeric: true)], attention: odd || enumerator == nil)
        }
        let total = areas.reduce(0) { n, a in n + (parts[a.id ?? 0] ?? []).reduce(0) { $0 + (places[$1.placeID]?.householdCount ?? 0) } }
        let model = AreasModel(
            id: id, name: c.name, office: seat.isOffice, started: c.startedAt != nil, target: c.areaTarget,
            areas: Table(columns: .plain(["普查小区", "社区", "楼栋/单元", "户数", "普查员", "指导员", "陪同人员", "完成率"], numeric: [3, 7]), rows: rows,
                         emptyText: seat.isOffice ? "还没有普查小区：点“按登记册划分”自动划分" : "您还没有负责的普查小区"),
            sentence: areas.isEmpty ? "" : "共\(areas.count)个普查小区，登记册\(total)户，平均每个普查小区\(total / max(areas.count, 1))户（标准约\(c.areaTarget)户）；标记的行户数偏离标准过多或尚未指定普查员。",
            problem: problem,
            community: communityIDs.count > 1 ? Picker(name: "community", label: "社区", options: communityIDs.map { .init(String($0), places[$0]?.name ?? "") },
                                                      selected: chosen.map(String.init), ordered: true) : nil,
            plan: try await chosen.asyncMap { try await Self.plan(community: $0, areas: shown, parts: parts, on: req.db) } ?? "")
        return try await req.page("census/areas", title: "普查小区", breadcrumbs: Self.crumbs(c, "普查小区"), model, status: problem == nil ? .ok : .unprocessableEntity)
    }

    /// The community's compounds and buildings on the plan, each building in its area's colour (split between areas
    /// by entrance: hatched), linked to its area's page where it is moved.
    static func plan(community id: Int, areas: [CensusArea], parts: [Int: [CensusAreaPart]], on db: any Database) async throws -> String {
        guard let community = try await RegistryDirectory.places(ids: [id], on: db).first else { return "" }
        let scope = PlaceScope(paths: [community.path])
        let buildings = try await RegistryDirectory.places(.building, within: scope, on: db)
        guard buildings.contains(where: { $0.geometry != nil }) else { return "" }
        let byNumber = Dictionary(uniqueKeysWithValues: areas.compactMap { a in a.id.map { ($0, a) } })
        var areaOf: [String: Set<Int>] = [:]
        for (area, list) in parts where byNumber[area] != nil { for p in list { areaOf[p.path, default: []].insert(area) } }
        var map = PlanMap()
        map.ground = ([community] + (try await RegistryDirectory.places(.compound, within: scope, on: db))).compactMap { p in
            p.geometry.map { .init(polygon: $0, label: p.kind == .community ? p.name : nil, title: p.name, cssClass: p.kind == .community ? "ground" : "ground-inner") }
        }
        var split = 0
        map.marks = buildings.compactMap { b in
            guard let polygon = b.geometry else { return nil }
            let held = areaOf.filter { $0.key.hasPrefix(b.path) }.values.reduce(Set<Int>()) { $0.union($1) }
            if held.count > 1 { split += 1 }
            let area = held.count == 1 ? byNumber[held.first!] : nil
            return .init(polygon: polygon, title: "\(area?.label ?? (held.isEmpty ? "未划入" : "多个普查小区"))：\(b.name)（\(b.householdCount)户）",
                         cssClass: area.map { "area-\($0.number % 8)" } ?? (held.isEmpty ? "area-none" : "area-split"),
                         link: held.first.map { CensusPaths.area($0) })
        }
        if split > 0 { map.legend = [.init("按单元分属多个普查小区的楼栋", cssClass: "area-split", count: split)] }
        return map.svg(title: "\(community.name)普查小区图")
    }

    static func crumbs(_ c: CensusCampaign, _ title: String) -> [Layout.Crumb] {
        [.init("入户登记", CensusPaths.campaigns.description), .init(c.name, CensusPaths.campaign(c.id ?? 0)), .init(title)]
    }

    /// "纬五路13号院1号楼、纬五路13号院3号楼1单元": the parts' addresses within their community.
    static func partNames(_ parts: [CensusAreaPart], places: [Int: RegistryDirectory.PlaceEntry]) -> String {
        parts.compactMap { places[$0.placeID] }.map { $0.address.split(separator: " ").dropFirst().joined() }.joined(separator: "、")
    }

    @Sendable func propose(req: Request) async throws -> Response {
        let seat = try await CensusSeat.office(req)
        do {
            let n = try await AreaDesk.propose(seat.campaign, on: req.db)
            return req.redirect(to: CensusPaths.areas(seat.campaignID), notice: "已按登记册划分\(n)个普查小区：每户属于且只属于一个普查小区。")
        } catch AppError.invalid(let problems) {
            return try await renderAreas(req, seat: seat, problem: problems.first?.message)
        }
    }

    // MARK: An area

    struct AreaModel: Encodable, Sendable {
        let id: Int; let label: String; let community: String; let campaignID: Int; let office: Bool; let guide: Bool; let started: Bool; let purged: Bool
        let parts: Table; let buildings: [Link]; let enumerator: String; let companions: [CompanionRow]
        let places: Picker?; let enumerators: Picker?; let instructors: Picker?; let leaders: Picker?; let companies: Picker?
        let visits: Table?; let figures: [Highlight.Figure]; let input: [String: String]; let errors: FormErrors
    }
    struct Link: Encodable, Sendable { let label: String; let link: String }
    struct CompanionRow: Encodable, Sendable { let id: Int; let kind: String; let name: String }

    @Sendable func area(req: Request) async throws -> Response {
        let (seat, area) = try await CensusSeat.area(req)
        return try await renderArea(req, seat: seat, area: area, input: [:], problems: [])
    }

    func renderArea(_ req: Request, seat: CensusSeat, area: CensusArea, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let c = seat.campaign, areaID = try area.requireID()
        let parts = try await CensusAreaPart.query(on: req.db).filter(\.$areaID == areaID).sort(\.$path).all()
        let places = try await RegistryDirectory.places(ids: parts.map(\.placeID) + [area.communityID], on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0) })
        let members = try await CensusMember.query(on: req.db).filter(\.$campaignID == seat.campaignID).all()
        let companions = try await CensusCompanion.query(on: req.db).filter(\.$areaID == areaID).sort(\.$id).all()
        let errors = problems.byField
        let community = PlaceScope(paths: [area.communityPath])
        var placesPicker: Picker?, enumerators: Picker?, instructors: Picker?, leaders: Picker?, companies: Picker?
        if seat.isOffice {
            if c.startedAt == nil {
                let options = try await [PlaceKind.building, .entrance].asyncFlatMap { try await RegistryDirectory.places($0, within: community, on: req.db) }
                    .filter { $0.householdCount > 0 && !parts.map(\.placeID).contains($0.id) }
                placesPicker = Picker(name: "placeID", label: "划入本普查小区的楼栋或单元", options: options.map { .init(String($0.id), "\($0.address)（\($0.householdCount)户）") },
                                      selected: input["placeID"], empty: "请选择", error: errors["placeID"])
            }
            enumerators = Picker(name: "memberID", label: "普查员", options: members.filter { $0.kind == .enumerator }.compactMap { m in m.id.map { .init(String($0), m.name) } },
                                 selected: input["memberID"] ?? area.enumeratorID.map(String.init), empty: "未指定", error: errors["memberID"])
            let current = members.first { $0.id == area.enumeratorID }?.instructorID
            instructors = Picker(name: "instructorID", label: "指导员", options: members.filter { $0.kind == .instructor }.compactMap { m in m.id.map { .init(String($0), m.name) } },
                                 selected: input["instructorID"] ?? current.map(String.init), empty: "未指定", error: errors["instructorID"])
        }
        let guide = seat.member.kind != .enumerator
        if guide && c.purgedAt == nil {
            let holders = try await StarGroupDirectory.roleHolders(within: community, on: req.db)
            leaders = Picker(name: "residentID", label: "楼栋长（本社区楼组人员）", options: holders.map { .init(String($0.residentID), "\($0.name)（\($0.role)）") },
                             selected: input["residentID"], empty: "请选择", error: errors["residentID"])
            let orgs = try await RegistryDirectory.organizations([.propertyCompany], within: community, on: req.db)
            companies = Picker(name: "organizationID", label: "物业服务企业", options: orgs.map { .init(String($0.id), $0.name) }, selected: input["organizationID"],
                               empty: "请选择", error: errors["organizationID"])
        }
        let tally = try await CensusCounts.byArea(c, on: req.db)[areaID] ?? Tally()
        var visits: Table?
        if c.startedAt != nil && c.purgedAt == nil {
            let list = try await CensusVisit.query(on: req.db).filter(\.$areaID == areaID).sort(\.$path).all()
            visits = Table(columns: .plain(["住户", "状态", "长表", "预约", "更新"]), rows: try list.map { v in
                Table.Row([.init(v.address, link: CensusPaths.visit(try v.requireID())), .init(v.status.label), .init(v.longForm ? "长表" : ""),
                           .init(v.appointmentAt.map(BeijingTime.format(seconds:)) ?? ""), .init(BeijingTime.format(seconds: v.updatedAt))],
                          attention: v.status == .refused)
            }, emptyText: "名单中没有住户")
        }
        let enumerator = members.first { $0.id == area.enumeratorID }
        let model = AreaModel(
            id: areaID, label: area.label, community: byID[area.communityID]?.name ?? "", campaignID: seat.campaignID, office: seat.isOffice, guide: guide,
            started: c.startedAt != nil, purged: c.purgedAt != nil,
            parts: Table(columns: .plain(["楼栋/单元", "登记册户数"], numeric: [1]), rows: parts.compactMap { byID[$0.placeID] }.map { Table.Row([.init($0.address), .init($0.householdCount)]) }),
            buildings: parts.compactMap { byID[$0.placeID] }.map { Link(label: $0.address, link: "\(CensusPaths.letters(seat.campaignID))?placeID=\($0.id)") },
            enumerator: enumerator.map { "\($0.name)\($0.instructorID.flatMap { i in members.first { $0.id == i } }.map { "（指导员：\($0.name)）" } ?? "")" } ?? "未指定",
            companions: companions.compactMap { p in p.id.map { CompanionRow(id: $0, kind: p.kind.label, name: p.name) } },
            places: placesPicker, enumerators: enumerators, instructors: instructors, leaders: leaders, companies: companies, visits: visits,
            figures: c.startedAt == nil ? [] : [.init("名单户数", "\(tally.households)户"), .init("已登记", "\(tally.registered)户"), .init("空户", "\(tally[.vacant])户"),
                                                 .init("拒访", "\(tally[.refused])户"), .init("长表户", "\(tally.longFormRegistered)/\(tally.longForm)"), .init("完成率", tally.progress)],
            input: input, errors: FormErrors(problems))
        return try await req.page("census/area", title: area.label, breadcrumbs: Self.crumbs(c, area.label), model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    func areaWrite(_ req: Request, _ write: @escaping @Sendable (CensusSeat, CensusArea, [String: String]) async throws -> String) async throws -> Response {
        let (seat, area) = try await CensusSeat.area(req)
        let form = ((try? req.content.decode([String: String].self)) ?? [:]).filter { $0.key != "_csrf" }
        do {
            let notice = try await write(seat, area, form)
            return req.redirect(to: CensusPaths.area(try area.requireID()), notice: notice)
        } catch AppError.invalid(let problems) {
            return try await renderArea(req, seat: seat, area: area, input: form, problems: problems)
        }
    }

    @Sendable func move(req: Request) async throws -> Response {
        try await areaWrite(req) { seat, area, form in
            guard seat.isOffice else { throw AppError.forbidden }
            let address = try await AreaDesk.move(placeID: form["placeID"] ?? "", into: area, campaign: seat.campaign, on: req.db)
            return "已将\(address)划入\(area.label)。"
        }
    }

    @Sendable func enumerator(req: Request) async throws -> Response {
        try await areaWrite(req) { seat, area, form in
            guard seat.isOffice else { throw AppError.forbidden }
            try await AreaDesk.setEnumerator(form["memberID"] ?? "", instructor: form["instructorID"] ?? "", area: area, seat: seat, on: req.db)
            return "已更新\(area.label)的普查员。"
        }
    }

    @Sendable func companion(req: Request) async throws -> Response {
        try await areaWrite(req) { seat, area, form in
            guard seat.member.kind != .enumerator else { throw AppError.forbidden }
            if seat.campaign.purgedAt != nil { throw AppError.badRequest("入户明细已清除") }
            try await AreaDesk.addCompanion(kind: form["kind"] ?? "", residentID: form["residentID"] ?? "", name: form["name"] ?? "",
                                            organizationID: form["organizationID"] ?? "", area: area, on: req.db)
            return "已添加陪同人员。"
        }
    }

    @Sendable func removeCompanion(req: Request) async throws -> Response {
        guard let companion = try await CensusCompanion.find(try req.routeID(), on: req.db),
              let area = try await CensusArea.find(companion.areaID, on: req.db) else { throw AppError.forbidden }
        let seat = try await CensusSeat.load(req, campaignID: area.campaignID)
        guard seat.member.kind != .enumerator, seat.reaches(area: companion.areaID) else { throw AppError.forbidden }
        try await companion.delete(on: req.db)
        try await DataRevision.bump(CensusModule.name, on: req.db)
        return req.redirect(to: CensusPaths.area(companion.areaID), notice: "已移除陪同人员\(companion.name)。")
    }
}
