import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// One task: where it is, who answers for it, every progress report with its photos (never overwritten), a new
/// report, and a supervisor's return of one with a reason.
struct TaskController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.task, use: task)
        routes.post(CampaignPaths.reports, use: report)
        routes.allow(Role.placeEditors).post(CampaignPaths.returnReport, use: giveBack)
    }

    struct ReportRow: Encodable, Sendable {
        let id: Int; let status: String; let progress: Int; let text: String; let evidence: String?; let by: String; let at: String
        let photos: [Int]?; let returned: String?; let canReturn: Bool
    }
    struct TaskModel: Encodable, Sendable {
        let id: Int; let name: String; let campaign: String; let campaignID: Int; let places: String; let organization: String
        let responsible: String; let period: String; let status: String; let overdue: Bool; let progress: Int
        let reports: [ReportRow]?; let canReport: Bool; let statuses: [Choice]
        let input: [String: String]; let errors: FormErrors; let photoField: String
    }
    struct Choice: Encodable, Sendable { let value: String; let label: String; let selected: Bool }

    /// The task named in the path, if it reaches the user's places; otherwise the same 403 as a missing one.
    static func visibleTask(_ req: Request) async throws -> CampaignTask {
        try await req.visible({ try await CampaignTask.find($0, on: req.db) }, path: \.path, reaching: true)
    }

    /// Who may report: the responsible cadre, and the workers whose places hold the task.
    static func canReport(_ user: CurrentUser, on task: CampaignTask) -> Bool {
        task.cadreID == user.id || (user.hasAny(Role.placeEditors) && user.scope(for: Role.placeEditors).contains(task.path))
    }

    @Sendable func task(req: Request) async throws -> Response { try await render(req, try await Self.visibleTask(req), input: [:], problems: []) }

    func render(_ req: Request, _ task: CampaignTask, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let id = try task.requireID()
        let campaign = try await Campaign.find(task.campaignID, on: req.db)
        let targets = try await TaskTarget.query(on: req.db).filter(\.$taskID == id).all()
        let places = try await RegistryDirectory.places(ids: targets.map(\.placeID), on: req.db).map { $0.address.isEmpty ? $0.name : $0.address }.joined(separator: "；")
        let organization = try await task.partyOrganizationID.asyncMap { try await RegistryDirectory.partyOrganizations(ids: [$0], on: req.db).first?.name } ?? nil
        let reports = try await TaskReport.query(on: req.db).filter(\.$taskID == id).sort(\.$id, .descending).all()
        let photos = try await PhotoUpload.photos(of: CampaignDesk.changed, records: reports.compactMap(\.id), on: req.db)
        let supervisor = user.hasAny(Role.placeEditors) && user.scope(for: Role.placeEditors).contains(task.path)
        let shown = task.shownStatus(today: BeijingTime.day(of: req.gongzhi.now()))
        let rows = try reports.map { r in
            ReportRow(id: try r.requireID(), status: r.status.label, progress: r.progress, text: r.text, evidence: r.evidence, by: r.reportedBy,
                      at: BeijingTime.format(seconds: r.reportedAt), photos: photos[try r.requireID()],
                      returned: r.returnedAt.map { "\(r.returnedBy ?? "")于\(BeijingTime.format(seconds: $0))退回：\(r.returnReason ?? "")" },
                      canReturn: supervisor && r.standing && r.reportedByID != user.id)
        }
        let current = input.isEmpty ? ["status": task.status == .notStarted ? TaskStatus.inProgress.rawValue : task.status.rawValue, "progress": String(task.progress)] : input
        let model = TaskModel(
            id: id, name: task.name, campaign: campaign?.name ?? "", campaignID: task.campaignID, places: places, organization: organization ?? "—",
            responsible: task.responsible, period: "\(task.startsOn ?? campaign?.startsOn ?? "") 至 \(task.deadline)", status: shown.label, overdue: shown == .overdue,
            progress: task.progress, reports: rows.nonEmpty, canReport: Self.canReport(user, on: task),
            statuses: TaskStatus.reportable.map { .init(value: $0.rawValue, label: $0.label, selected: current["status"] == $0.rawValue) },
            input: current, errors: FormErrors(problems), photoField: PhotoUpload.field(label: "现场照片（报告完成时须附照片或注明佐证）", error: problems.byField["photo"]))
        return try await req.page("campaigns/task", title: task.name,
                                  breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init(campaign?.name ?? "", CampaignPaths.campaign(task.campaignID)), .init(task.name)],
                                  model, status: problems.isEmpty ? .ok : problems.status)
    }

    struct ReportForm: Content { var status: String?; var progress: String?; var text: String?; var evidence: String?; var photo: File?; var thumbnail: File? }

    @Sendable func report(req: Request) async throws -> Response {
        let task = try await Self.visibleTask(req)
        guard Self.canReport(try req.currentUser, on: task) else { throw AppError.forbidden }
        let form = try req.content.decode(ReportForm.self)
        let input = CampaignDesk.ReportInput(status: form.status ?? "", progress: form.progress ?? "", text: form.text ?? "", evidence: form.evidence ?? "")
        let echo = ["status": input.status, "progress": input.progress, "text": input.text, "evidence": input.evidence]
        do {
            let photo = try PhotoUpload.checked(form.photo, thumbnail: form.thumbnail)
            try await CampaignDesk.report(input, photo: photo, on: task, author: try Author(req), on: req.db)
            return req.redirect(to: "\(CampaignPaths.task(try task.requireID()))#reports", notice: "进展已报告，之前的报告都保留在下方。")
        } catch AppError.invalid(let problems) {
            return try await render(req, task, input: echo, problems: problems)
        }
    }

    struct ReturnForm: Content { var reason: String? }

    @Sendable func giveBack(req: Request) async throws -> Response {
        guard let report = try await TaskReport.find(try req.routeID(), on: req.db) else { throw AppError.forbidden }
        try req.currentUser.require(report.path, roles: Role.placeEditors)
        let form = try req.content.decode(ReturnForm.self)
        let author = try Author(req)
        try await AppError.asOneMessage { try await CampaignDesk.returnReport(report, reason: form.reason ?? "", author: author, on: req.db) }
        return req.redirect(to: "\(CampaignPaths.task(report.taskID))#reports", notice: "已退回该报告，任务状态回到此前的报告。")
    }
}
