import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The community's desk for reporting in: figures by community, the reports to confirm, the members not yet
/// reported, and the list of workplaces the reports pick from.
struct ServiceController: RouteCollection {
    /// The figures by community, computed once per change of any module's records: the subdistrict's page counts
    /// thousands of reports, and an office screen asks again and again.
    let figures = RevisionCache<ServiceFigures.Key, ServiceFigures>()

    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.overview, use: overview)
        routes.get(ServicePaths.reports, use: reports)
        routes.get(ServicePaths.unreported, use: unreported)
        routes.get(ServicePaths.workplaces, use: workplaces)
        let editors = routes.allow(Role.placeEditors)
        editors.post(ServicePaths.reports, use: addReport)
        editors.post(ServicePaths.confirmReport, use: confirm)
        editors.post(ServicePaths.returnReport, use: giveBack)
        editors.post(ServicePaths.workplaces, use: addWorkplace)
    }

    struct Overview: Encodable, Sendable {
        let sentence: String; let figures: [Highlight.Figure]; let table: Table; let quarter: String
    }

    @Sendable func overview(req: Request) async throws -> Response {
        let quarter = Quarter(containing: BeijingTime.day(of: req.gongzhi.now()))
        let scope = try req.currentUser.scope()
        let f = try await figures.value(.init(paths: scope.paths, quarter: quarter), revision: try await DataRevision.total(on: req.db)) {
            try await ServiceFigures.load(scope, quarter: quarter, on: req.db)
        }
        let link = { (path: Address, c: Int) in "\(path)?community=\(c)" }
        let rows = f.rows.map { r in
            let c = r.counts, id = r.community.id
            return Table.Row([.init(r.community.name), .init(c.inService), .init(c.reported, link: link(ServicePaths.reports, id)), .init(c.share, numeric: true),
                              .init(c.inService - c.reported, link: link(ServicePaths.unreported, id)), .init(c.pending, link: "\(link(ServicePaths.reports, id))&status=submitted"),
                              .init(c.units), .init(c.openNeeds + c.openWishes, link: "\(link(ServicePaths.needs, id))&status=open"),
                              .init(c.awaiting, link: "\(link(ServicePaths.needs, id))&status=delivered"), .init(c.done),
                              .init(c.idleResources, link: link(ServicePaths.resources, id)), .init(ServiceFigures.hours(c.minutes), numeric: true)])
        }
        let t = f.total
        let total = Table.Row([.init("合计"), .init(t.inService), .init(t.reported), .init(t.share, numeric: true), .init(t.inService - t.reported),
                               .init(t.pending), .init(t.units), .init(t.openNeeds + t.openWishes), .init(t.awaiting), .init(t.done), .init(t.idleResources),
                               .init(ServiceFigures.hours(t.minutes), numeric: true)])
        let table = Table(columns: [.plain("社区"), .plain("在职党员", numeric: true), .plain("已报到", numeric: true), .plain("报到率", numeric: true),
                                    .plain("未报到", numeric: true), .plain("待确认报到", numeric: true), .plain("报到单位", numeric: true),
                                    .plain("待认领需求", numeric: true), .plain("待居民确认", numeric: true), .plain("已完成点单", numeric: true),
                                    .plain("待对接资源", numeric: true), .plain("本季度服务小时", numeric: true)],
                          rows: rows + (rows.count > 1 ? [total] : []), emptyText: "您的管辖范围内没有社区")
        return try await req.page("service/index", title: "双报到", breadcrumbs: [.init("双报到")],
                                  Overview(sentence: f.sentence, figures: f.figures, table: table, quarter: quarter.label))
    }

    // MARK: Reports

    struct ReportRow: Encodable, Sendable {
        let id: Int; let kind: String; let name: String; let community: String; let workplace: String; let intentions: String
        let status: String; let pending: Bool; let reported: String; let decided: String?; let reason: String?
    }
    struct ReportsModel: Encodable, Sendable {
        let rows: [ReportRow]?; let pager: Pager; let filters: [Picker]; let canEdit: Bool
        let memberPicker: Picker?; let workplacePicker: Picker?; let input: [String: String]; let errors: FormErrors; let tooMany: Bool
    }

    @Sendable func reports(req: Request) async throws -> Response { try await renderReports(req, input: [:], problems: []) }

    func renderReports(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let filter = try await CommunityFilter.read(req)
        let (communities, chosen) = (filter.communities, filter.chosen)
        let status = try req.queryChoice("status", ReportStatus.self, label: "报到状态")
        let list = try ListQuery(req, sortable: ["reported"], defaultSort: "reported", defaultDescending: true)
        let query = ReportIn.query(on: req.db).within(filter.scope, \.$path)
        if let status { query.filter(\.$status == status) }
        let total = try await query.count()
        let reports = try await query.sort(\.$reportedAt, list.descending ? .descending : .ascending).sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        let workplaces = try await Workplace.query(on: req.db).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: try workplaces.map { (try $0.requireID(), $0.name) })
        let communityNames = Dictionary(uniqueKeysWithValues: communities.map { ($0.id, $0.name) })
        let rows = try reports.map { r in
            ReportRow(id: try r.requireID(), kind: r.kind.label, name: r.name, community: communityNames[r.communityID] ?? "—",
                      workplace: r.workplaceID.flatMap { names[$0] } ?? "—", intentions: r.intentions, status: r.status.label, pending: r.status == .submitted,
                      reported: BeijingTime.format(seconds: r.reportedAt) + (r.reportedBy == r.name ? "" : "（\(r.reportedBy)代报）"),
                      decided: r.decidedAt.map { "\(r.decidedBy ?? "")，\(BeijingTime.format(seconds: $0))" }, reason: r.reason.nonEmpty)
        }
        // The worker's own entry of a report: the in-service members of one community not yet reported.
        var memberPicker: Picker?, tooMany = false
        let canEdit = user.hasAny(Role.placeEditors)
        if canEdit, let target = chosen ?? (communities.count == 1 ? communities.first : nil) {
            let unreported = try await Unreported.members(in: CommunityFilter.narrow(scope, to: target), on: req.db)
            memberPicker = Picker(name: "memberID", label: "在职党员（\(target.name)未报到）", options: unreported.map { .init(String($0.id), $0.name) },
                                  selected: input["memberID"], empty: "请选择", error: problems.byField["memberID"])
        } else { tooMany = canEdit }
        let filters = [
            filter.picker,
            Picker(name: "status", label: "状态", options: ReportStatus.allCases.map { .init($0.rawValue, $0.label) }, selected: status?.rawValue, empty: "全部", ordered: true),
        ]
        let model = ReportsModel(
            rows: rows.nonEmpty, pager: list.pager(total: total), filters: filters, canEdit: canEdit, memberPicker: memberPicker,
            workplacePicker: canEdit ? Self.workplacePicker(workplaces, selected: input["workplaceID"], error: problems.byField["workplaceID"]) : nil,
            input: input, errors: FormErrors(problems), tooMany: tooMany)
        return try await req.page("service/reports", title: "报到登记", breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("报到登记")],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func workplacePicker(_ workplaces: [Workplace], selected: String?, error: String?) -> Picker {
        Picker(name: "workplaceID", label: "工作单位", options: workplaces.compactMap { w in w.id.map { .init(String($0), "\(w.name)（\(w.partyOrganization)）") } },
               selected: selected, empty: "请选择", error: error)
    }

    struct ReportForm: Content { var memberID: String?; var workplaceID: String?; var intentions: String? }

    /// A worker enters the report of a member who came to the community in person.
    @Sendable func addReport(req: Request) async throws -> Response {
        let form = try req.content.decode(ReportForm.self)
        let input = ["memberID": form.memberID ?? "", "workplaceID": form.workplaceID ?? "", "intentions": form.intentions ?? ""]
        let scope = try req.currentUser.scope()
        guard let member = try await Bounded.id(form.memberID).asyncMap({ try await RegistryDirectory.partyMembers(ids: [$0], on: req.db).first }) ?? nil,
              scope.contains(member.path) else {
            return try await renderReports(req, input: input, problems: [FieldProblem("memberID", "请选择您管辖范围内的在职党员")])
        }
        do {
            let report = try await ServiceDesk.reportIn(.member(member), .init(workplaceID: form.workplaceID ?? "", intentions: form.intentions ?? ""),
                                                        author: try Author(req), on: req.db)
            try await req.audit(action: "report-in", target: ServicePaths.reports.description, detail: "代\(member.name)登记报到（编号\(try report.requireID())）")
        } catch AppError.invalid(let problems) { return try await renderReports(req, input: input, problems: problems) }
        return req.redirect(to: "\(ServicePaths.reports)?status=submitted", notice: "已登记\(member.name)的报到，请确认。")
    }

    struct Decision: Content { var reason: String? }

    @Sendable func confirm(req: Request) async throws -> Response { try await decide(req, confirm: true) }
    @Sendable func giveBack(req: Request) async throws -> Response { try await decide(req, confirm: false) }

    func decide(_ req: Request, confirm: Bool) async throws -> Response {
        let report = try await req.visible(ReportIn.self, path: \.$path)
        let reason = (try? req.content.decode(Decision.self))?.reason ?? ""
        try await AppError.asOneMessage { try await ServiceDesk.decide(report, confirm: confirm, reason: reason, author: try Author(req), on: req.db) }
        try await req.audit(action: confirm ? "confirm-report-in" : "return-report-in", target: ServicePaths.reports.description,
                            detail: "\(report.name)的报到\(confirm ? "已确认" : "退回：\(report.reason)")")
        return req.redirect(to: "\(ServicePaths.reports)?status=submitted", notice: confirm ? "已确认\(report.name)报到。" : "已退回\(report.name)的报到。")
    }

    // MARK: Members not reported

    struct UnreportedModel: Encodable, Sendable { let table: Table; let filters: [Picker]; let community: String }

    @Sendable func unreported(req: Request) async throws -> Response {
        let filter = try await CommunityFilter.read(req)
        let list = try ListQuery(req, sortable: ["name"], defaultSort: "name")
        let members = try await Unreported.members(in: filter.scope, on: req.db)
        let page = members.dropFirst(list.offset).prefix(list.perPage)
        let addresses = try await RegistryDirectory.addresses(of: Set(page.map(\.path)), on: req.db)
        let table = Table(columns: [.plain("姓名"), .plain("住址"), .plain("登记的工作单位")],
                          rows: page.map { Table.Row([.init($0.name, link: RegistryPaths.partyMember($0.id)), .init(addresses[$0.path] ?? "—"), .init($0.workplace ?? "—")]) },
                          pager: list.pager(total: members.count), emptyText: "在职党员均已报到")
        return try await req.page("service/unreported", title: "未报到的在职党员",
                                  breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("未报到的在职党员")],
                                  UnreportedModel(table: table, filters: [filter.picker], community: filter.chosen?.name ?? "全部社区"))
    }

    // MARK: Workplaces

    struct WorkplacesModel: Encodable, Sendable { let table: Table; let canEdit: Bool; let input: [String: String]; let errors: FormErrors }

    @Sendable func workplaces(req: Request) async throws -> Response { try await renderWorkplaces(req, input: [:], problems: []) }

    func renderWorkplaces(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let workplaces = try await Workplace.query(on: req.db).sort(\.$name).all()
        let quarter = Quarter(containing: BeijingTime.day(of: req.gongzhi.now())).previous
        let table = Table(columns: [.plain("单位名称"), .plain("单位党组织"), .plain("联系人及电话"), .plain("地址"), .plain("服务记录")],
                          rows: try workplaces.map { w in
                              Table.Row([.init(w.name), .init(w.partyOrganization), .init(w.contact), .init(w.address),
                                         .init("\(quarter.label).xlsx", link: "\(ServicePaths.workplaceRecords(try w.requireID()))?quarter=\(quarter)")])
                          }, emptyText: "名录中还没有单位")
        return try await req.page("service/workplaces", title: "在职党员工作单位名录",
                                  breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("工作单位名录")],
                                  WorkplacesModel(table: table, canEdit: try req.currentUser.hasAny(Role.placeEditors), input: input, errors: FormErrors(problems)),
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct WorkplaceForm: Content { var name: String?; var partyOrganization: String?; var contact: String?; var address: String? }

    @Sendable func addWorkplace(req: Request) async throws -> Response {
        let form = try req.content.decode(WorkplaceForm.self)
        let input = WorkplaceInputs(form)
        do {
            let w = try await ServiceDesk.addWorkplace(input.value, on: req.db)
            try await req.audit(action: "add-workplace", target: ServicePaths.workplaces.description, detail: "添加工作单位\(w.name)")
            return req.redirect(to: ServicePaths.workplaces.description, notice: "已添加\(w.name)。")
        } catch AppError.invalid(let problems) { return try await renderWorkplaces(req, input: input.echo, problems: problems) }
    }

    struct WorkplaceInputs {
        let value: ServiceDesk.WorkplaceInput
        var echo: [String: String] { ["name": value.name, "partyOrganization": value.partyOrganization, "contact": value.contact, "address": value.address] }
        init(_ f: WorkplaceForm) { value = .init(name: f.name ?? "", partyOrganization: f.partyOrganization ?? "", contact: f.contact ?? "", address: f.address ?? "") }
    }
}

/// In-service members who have no standing report.
enum Unreported {
    static func members(in scope: PlaceScope, on db: any Database) async throws -> [RegistryDirectory.PartyMemberEntry] {
        let reported = Set(try await ReportIn.query(on: db).within(scope, \.$path).filter(\.$status != .returned).all().compactMap(\.memberID))
        return try await RegistryDirectory.partyMembers(.inService, within: scope, on: db).filter { !reported.contains($0.id) }
    }
}
