import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The census office's desk: the campaigns, a new one with its stages, and a campaign's page — its stages, leading
/// groups and 两员, its figures, and starting, closing and purging it.
struct CensusController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CensusPaths.campaigns, use: index)
        routes.get(CensusPaths.campaign, use: campaign)
        let office = routes.allow([.censusOffice])
        office.post(CensusPaths.campaigns, use: create)
        office.post(CensusPaths.stages, use: stage)
        office.post(CensusPaths.leaders, use: leader)
        office.post(CensusPaths.members, use: appoint)
        office.post(CensusPaths.removeMember, use: remove)
        office.post(CensusPaths.memberSignUpCode, use: signUpCode)
        office.post(CensusPaths.start, use: start)
        office.post(CensusPaths.close, use: close)
        office.post(CensusPaths.purge, use: purge)
    }

    struct IndexModel: Encodable, Sendable {
        let campaigns: Table; let canCreate: Bool; let kinds: Picker; let stages: [StageField]; let input: [String: String]; let errors: FormErrors
    }
    struct StageField: Encodable, Sendable { let key: String; let label: String; let from: String; let to: String; let fromError: String?; let toError: String? }

    @Sendable func index(req: Request) async throws -> Response { try await renderIndex(req, input: [:], problems: []) }

    func renderIndex(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let mine = try await CensusSeat.campaigns(of: user, on: req.db)
        // An enumerator or instructor in one campaign goes straight to their day.
        if mine.count == 1, mine[0].1.kind != .office, problems.isEmpty { return req.redirect(to: CensusPaths.day(try mine[0].0.requireID())) }
        let rows = try mine.map { c, m in
            Table.Row([.init(c.name, link: m.kind == .enumerator ? CensusPaths.day(try c.requireID()) : CensusPaths.campaign(try c.requireID())),
                       .init(c.kind.label), .init(c.standardTime), .init(m.kind.label), .init(Self.state(c))])
        }
        let errors = problems.byField
        let model = IndexModel(
            campaigns: Table(columns: .plain(["名称", "类别", "标准时点", "我的角色", "状态"]), rows: rows, emptyText: "您还没有参加任何入户登记"),
            canCreate: user.has(.censusOffice),
            kinds: Picker(name: "kind", label: "类别", options: CensusKind.allCases.map { .init($0.rawValue, $0.label) }, selected: input["kind"],
                          empty: "请选择", ordered: true, error: errors["kind"]),
            stages: CensusStage.allCases.map { s in
                StageField(key: s.rawValue, label: s.label, from: input["\(s.rawValue)From"] ?? "", to: input["\(s.rawValue)To"] ?? "",
                           fromError: errors["\(s.rawValue)From"], toError: errors["\(s.rawValue)To"])
            },
            input: input, errors: FormErrors(problems))
        return try await req.page("census/index", title: "入户登记", breadcrumbs: [.init("入户登记")], model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func state(_ c: CensusCampaign) -> String {
        c.purgedAt != nil ? "已结束·明细已清除" : c.isClosed ? "已结束" : c.startedAt != nil ? "入户登记中" : "筹备中"
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        var input = CensusDesk.CampaignInput(kind: form["kind"] ?? "", name: form["name"] ?? "", standardTime: form["standardTime"] ?? "",
                                             areaTarget: form["areaTarget"] ?? "80", samplePerMille: form["samplePerMille"] ?? "100")
        for s in CensusStage.allCases { input.stages[s] = (form["\(s.rawValue)From"] ?? "", form["\(s.rawValue)To"] ?? "") }
        do {
            let c = try await CensusDesk.create(input, office: try req.currentUser, author: try Author(req), on: req.db)
            return req.redirect(to: CensusPaths.campaign(try c.requireID()), notice: "已建立“\(c.name)”，请组建领导小组、选派两员并划分普查小区。")
        } catch AppError.invalid(let problems) {
            return try await renderIndex(req, input: form.filter { $0.key != "_csrf" }, problems: problems)
        }
    }

    // MARK: A campaign

    struct CampaignModel: Encodable, Sendable {
        let id: Int; let name: String; let kind: String; let standardTime: String; let state: String; let office: Bool
        let started: Bool; let closed: Bool; let purged: Bool
        let figures: [Highlight.Figure]; let stages: [StageRow]; let leaders: Table; let members: [MemberRow]; let pager: Pager
        let places: Picker?; let staff: Picker?; let roleKinds: Picker?; let instructors: Picker?; let input: [String: String]; let errors: FormErrors
    }
    struct MemberRow: Encodable, Sendable { let id: Int; let name: String; let kind: String; let instructor: String; let areas: Int; let removable: Bool; let recruit: Bool }
    struct StageRow: Encodable, Sendable { let key: String; let label: String; let from: String; let to: String; let closed: String? }

    @Sendable func campaign(req: Request) async throws -> Response { try await renderCampaign(req, seat: try await CensusSeat.load(req), input: [:], problems: []) }

    func renderCampaign(_ req: Request, seat: CensusSeat, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        if seat.member.kind == .enumerator { return req.redirect(to: CensusPaths.day(seat.campaignID)) }
        let c = seat.campaign, id = seat.campaignID
        let stages = try await CensusStageRecord.query(on: req.db).filter(\.$campaignID == id).all().sorted { $0.stage < $1.stage }
        let leaders = try await CensusLeader.query(on: req.db).filter(\.$campaignID == id).sort(\.$path).sort(\.$id).all()
        let places = try await RegistryDirectory.places(ids: leaders.map(\.placeID), on: req.db)
        let placeName = Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0.name) })
        let members = try await CensusMember.query(on: req.db).filter(\.$campaignID == id).sort(\.$kind).sort(\.$id).all()
        let areas = try await CensusArea.query(on: req.db).filter(\.$campaignID == id).all()
        let areaCount = Dictionary(grouping: areas.compactMap(\.enumeratorID), by: { $0 }).mapValues(\.count)
        let names = Dictionary(uniqueKeysWithValues: members.compactMap { m in m.id.map { ($0, m.name) } })
        // The office and instructors in full; enumerators a page at a time (a subdistrict has hundreds).
        let visible = members.filter { m in seat.isOffice || m.id == seat.member.id || m.instructorID == seat.member.id }
        let list = try ListQuery(req, sortable: [], defaultSort: "name")
        let enumerators = visible.filter { $0.kind == .enumerator }
        let shown = visible.filter { $0.kind != .enumerator } + enumerators.dropFirst(list.offset).prefix(list.perPage)
        let memberRows = try shown.map { m in
            MemberRow(id: try m.requireID(), name: m.name, kind: m.kind.label,
                      instructor: m.instructorID.flatMap { names[$0] } ?? (m.kind == .enumerator ? "未指定" : "—"),
                      areas: areaCount[try m.requireID()] ?? 0, removable: seat.isOffice && m.userID != seat.member.userID,
                      recruit: seat.isOffice && m.kind == .enumerator && m.userID == nil)
        }
        let tally = Tally.sum(try await CensusCounts.byArea(c, on: req.db).filter { seat.reaches(area: $0.key) }.values)
        var placesPicker: Picker?, staffPicker: Picker?, kinds: Picker?, instructors: Picker?
        let errors = problems.byField
        if seat.isOffice {
            let options = try await [PlaceKind.subdistrict, .community].asyncFlatMap { try await RegistryDirectory.places($0, within: PlaceScope(paths: [c.path]), on: req.db) }
            placesPicker = Picker(name: "placeID", label: "层级", options: options.map { .init(String($0.id), $0.name) }, selected: input["placeID"], ordered: true, error: errors["placeID"])
            let staff = try await Staff.members(reaching: c.path, roles: Role.business, on: req.db)
            staffPicker = Picker(name: "userID", label: "成员", options: staff.map { .init(String($0.id), $0.label) }, selected: input["userID"], empty: "请选择", error: errors["userID"])
            kinds = Picker(name: "kind", label: "角色", options: [CensusRoleKind.enumerator, .instructor, .office].map { .init($0.rawValue, $0.label) },
                           selected: input["kind"], ordered: true, error: errors["kind"])
            instructors = Picker(name: "instructorID", label: "指导员（普查员）", options: members.filter { $0.kind == .instructor }.compactMap { m in m.id.map { .init(String($0), m.name) } },
                                 selected: input["instructorID"], empty: "—", error: errors["instructorID"])
        }
        let model = CampaignModel(
            id: id, name: c.name, kind: c.kind.label, standardTime: c.standardTime, state: Self.state(c), office: seat.isOffice,
            started: c.startedAt != nil, closed: c.isClosed, purged: c.purgedAt != nil,
            figures: [.init("普查小区", "\(areas.filter { seat.reaches(area: $0.id ?? 0) }.count)个"), .init("两员", "\(members.filter { $0.kind != .office }.count)名"),
                      .init("名单户数", "\(tally.households)户"), .init("已登记", "\(tally.registered)户"), .init("入户完成率", tally.progress),
                      .init("长表户", "\(tally.longFormRegistered)/\(tally.longForm)")],
            stages: stages.map { StageRow(key: $0.stage.rawValue, label: $0.stage.label, from: $0.startsOn, to: $0.endsOn, closed: $0.closedAt.map(BeijingTime.format(seconds:))) },
            leaders: Table(columns: .plain(["层级", "姓名", "职务"]), rows: leaders.map { Table.Row([.init(placeName[$0.placeID] ?? ""), .init($0.name), .init($0.duty)]) },
                           emptyText: "尚未组建领导小组"),
            members: memberRows, pager: list.pager(total: enumerators.count),
            places: placesPicker, staff: staffPicker, roleKinds: kinds, instructors: instructors, input: input, errors: FormErrors(problems))
        return try await req.page("census/campaign", title: c.name, breadcrumbs: [.init("入户登记", CensusPaths.campaigns.description), .init(c.name)], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Runs an office write and comes back to the campaign's page with its notice, or with its problems beside the form.
    func officeWrite(_ req: Request, notice: @escaping @Sendable (CensusSeat) async throws -> String) async throws -> Response {
        let seat = try await CensusSeat.office(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            let text = try await notice(seat)
            return req.redirect(to: CensusPaths.campaign(seat.campaignID), notice: text)
        } catch AppError.invalid(let problems) {
            return try await renderCampaign(req, seat: seat, input: form.filter { $0.key != "_csrf" }, problems: problems)
        }
    }

    @Sendable func stage(req: Request) async throws -> Response {
        struct Form: Content { var stage: String?; var action: String? }
        let form = try req.content.decode(Form.self)
        guard form.action == "close" else { throw AppError.badRequest("阶段只能结束（action=close）；日期在建立时确定") }
        return try await officeWrite(req) { seat in
            try await CensusDesk.closeStage(form.stage ?? "", seat: seat, author: try Author(req), on: req.db)
            return "该阶段已结束，此后不能再更改该阶段的入户状态。"
        }
    }

    @Sendable func leader(req: Request) async throws -> Response {
        struct Form: Content { var placeID: String?; var userID: String?; var duty: String? }
        let form = try req.content.decode(Form.self)
        return try await officeWrite(req) { seat in
            try await CensusDesk.addLeader(placeID: form.placeID ?? "", userID: form.userID ?? "", duty: form.duty ?? "", seat: seat, on: req.db)
            return "已加入领导小组。"
        }
    }

    @Sendable func appoint(req: Request) async throws -> Response {
        struct Form: Content { var username: String?; var name: String?; var kind: String?; var instructorID: String? }
        let form = try req.content.decode(Form.self)
        return try await officeWrite(req) { seat in
            let m = try await CensusDesk.appoint(username: form.username ?? "", name: form.name ?? "", kind: form.kind ?? "", instructor: form.instructorID ?? "",
                                                 seat: seat, author: try Author(req), on: req.db)
            return "已选派\(m.name)为\(m.kind.label)。"
        }
    }

    static func member(_ req: Request) async throws -> (CensusSeat, CensusMember) {
        guard let m = try await CensusMember.find(try req.routeID(), on: req.db) else { throw AppError.forbidden }
        return (try await CensusSeat.office(req, campaignID: m.campaignID), m)
    }

    /// A slip with a one-time code for an enumerator appointed by name; with it they make their own account.
    @Sendable func signUpCode(req: Request) async throws -> Response {
        let (seat, member) = try await Self.member(req)
        guard member.kind == .enumerator, member.userID == nil else { throw AppError.conflict("\(member.name)用自己的账号担任\(member.kind.label)，无需登录码") }
        let grant = SignUpCodes.Grant(person: Person(kind: .enumerator, id: try member.requireID()), name: member.name,
                                      placeID: seat.campaign.placeID, placePath: seat.campaign.path)
        return try await req.signUpSlip(for: grant, back: CensusPaths.campaign(seat.campaignID))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let (seat, member) = try await Self.member(req)
        try await CensusDesk.remove(member, seat: seat, on: req.db)
        return req.redirect(to: CensusPaths.campaign(seat.campaignID), notice: "已移除\(member.name)。")
    }

    @Sendable func start(req: Request) async throws -> Response {
        try await officeWrite(req) { seat in
            let n = try await AreaDesk.start(seat.campaign, author: try Author(req), on: req.db)
            return "入户登记开始：\(n)户已列入普查员的名单，长表户已抽取。"
        }
    }

    @Sendable func close(req: Request) async throws -> Response {
        try await officeWrite(req) { seat in
            try await ClosingDesk.close(seat.campaign, author: try Author(req), on: req.db)
            return "本次普查已结束，各普查小区的户数已汇总保存。"
        }
    }

    @Sendable func purge(req: Request) async throws -> Response {
        try await officeWrite(req) { seat in
            let n = try await ClosingDesk.purge(seat.campaign, author: try Author(req), on: req.db)
            return "已清除\(n)户的入户明细（状态、预约、备注和记录），只保留汇总数。"
        }
    }
}
