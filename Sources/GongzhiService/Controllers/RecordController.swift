import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The quarter's service records: by member, with the community's remark; a letter per member to their workplace's
/// party organisation, and an .xlsx per workplace.
struct RecordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.records, use: index)
        routes.get(ServicePaths.letter, use: letter)
        routes.get(ServicePaths.workplaceRecords, use: workplaceSheet)
        routes.allow(Role.placeEditors).post(ServicePaths.remark, use: remark)
    }

    func quarter(_ req: Request) throws -> Quarter {
        guard let text = req.query[String.self, at: "quarter"], !text.isEmpty else { return Quarter(containing: BeijingTime.day(of: req.gongzhi.now())) }
        guard let q = Quarter(text) else { throw AppError.badRequest("参数quarter（季度）应为如2026Q4的格式，年份在2000至2100之间") }
        return q
    }

    struct Model: Encodable, Sendable { let table: Table; let quarter: String; let label: String; let previous: String; let next: String; let total: String }

    @Sendable func index(req: Request) async throws -> Response {
        let q = try quarter(req)
        let records = try await QuarterRecord.load(try req.currentUser.scope(), quarter: q, on: req.db)
        let list = try ListQuery(req, sortable: ["name"], defaultSort: "name")
        let page = records.dropFirst(list.offset).prefix(list.perPage)
        let table = Table(columns: [.plain("姓名"), .plain("社区"), .plain("工作单位"), .plain("服务小时", numeric: true), .plain("认领完成", numeric: true),
                                    .plain("参加活动", numeric: true), .plain("社区评价"), .plain("反馈函")],
                          rows: page.map { r in
                              Table.Row([.init(r.name), .init(r.community), .init(r.workplace?.name ?? "—"), .init(r.hours, numeric: true), .init(r.claims), .init(r.activities),
                                         .init(r.remark.isEmpty ? "未填写" : r.remark), .init("打印", link: "\(ServicePaths.letter(r.memberID))?quarter=\(q)")])
                          }, pager: list.pager(total: records.count), emptyText: "没有已报到的在职党员")
        let next = Quarter(year: q.number == 4 ? q.year + 1 : q.year, number: q.number == 4 ? 1 : q.number + 1) ?? q
        return try await req.page("service/records", title: "服务记录", breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("服务记录")],
                                  Model(table: table, quarter: q.description, label: q.label, previous: q.previous.description, next: next.description,
                                        total: ServiceFigures.hours(records.reduce(0) { $0 + $1.minutes })))
    }

    struct Letter: Encodable, Sendable {
        struct Line: Encodable, Sendable { let day: String; let what: String; let hours: String; let confirmedBy: String }
        let memberID: Int; let name: String; let community: String; let workplace: String; let partyOrganization: String
        let quarter: String; let label: String; let hours: String; let claims: Int; let activities: Int; let remark: String?
        let lines: [Line]?; let canEdit: Bool; let today: String
    }

    @Sendable func letter(req: Request) async throws -> Response {
        let q = try quarter(req)
        let member = try await req.visible({ try await RegistryDirectory.partyMembers(ids: [$0], on: req.db).first }, path: \.path)
        guard let r = try await QuarterRecord.load(try req.currentUser.scope(), quarter: q, memberID: member.id, on: req.db).first else {
            throw AppError.conflict("\(member.name)尚未到社区报到，没有服务记录")
        }
        let model = Letter(memberID: r.memberID, name: r.name, community: r.community, workplace: r.workplace?.name ?? "工作单位",
                           partyOrganization: r.workplace?.partyOrganization ?? "党组织", quarter: q.description, label: q.label, hours: r.hours,
                           claims: r.claims, activities: r.activities, remark: r.remark.nonEmpty,
                           lines: r.services.map { .init(day: $0.servedOn, what: $0.what, hours: ServiceFigures.hours($0.minutes), confirmedBy: $0.confirmedBy) }.nonEmpty,
                           canEdit: try req.currentUser.hasAny(Role.placeEditors), today: BeijingTime.day(of: req.gongzhi.now()).chinese)
        return try await req.page("service/letter", title: "在职党员到社区报到服务情况反馈函",
                                  breadcrumbs: [.init("服务记录", "\(ServicePaths.records)?quarter=\(q)"), .init(r.name)], model)
    }

    struct RemarkForm: Content { var quarter: String?; var remark: String? }

    @Sendable func remark(req: Request) async throws -> Response {
        let member = try await req.visible({ try await RegistryDirectory.partyMembers(ids: [$0], on: req.db).first }, path: \.path)
        let form = try req.content.decode(RemarkForm.self)
        guard let q = Quarter(form.quarter ?? "") else { throw AppError.badRequest("季度应为如2026Q4的格式") }
        try await AppError.asOneMessage { try await ServiceDesk.remark(member: member, quarter: q, text: form.remark ?? "", author: try Author(req), on: req.db) }
        return req.redirect(to: "\(ServicePaths.letter(member.id))?quarter=\(q)", notice: "已保存社区评价。")
    }

    /// One workbook per workplace: its members of the user's places, one row each, to send with the letters.
    @Sendable func workplaceSheet(req: Request) async throws -> Response {
        let q = try quarter(req)
        guard let workplace = try await Workplace.find(try req.routeID(), on: req.db) else { throw AppError.notFound("单位名录中没有这个单位") }
        let records = try await QuarterRecord.load(try req.currentUser.scope(), quarter: q, workplaceID: workplace.id, on: req.db)
        let data = try XLSXWriter.workbook(sheetName: q.label, header: ["姓名", "报到社区", "服务小时", "认领完成（件）", "参加活动（次）", "社区评价"],
                                           rows: records.map { [$0.name, $0.community, $0.hours, String($0.claims), String($0.activities), $0.remark] },
                                           widths: [12, 16, 10, 14, 14, 40])
        try await req.audit(action: "export-service-records", target: ServicePaths.workplaceRecords(try workplace.requireID()), detail: "\(workplace.name)\(q.label)服务记录\(records.count)人")
        return XLSXWriter.download(data, filename: "\(workplace.name)-\(q)-在职党员服务记录.xlsx")
    }
}
