import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

extension CampaignTask {
    /// The status the wall shows: overdue once the deadline has passed and the task is not done.
    func shownStatus(today: CivilDate) -> TaskStatus { .effective(status, deadline: CivilDate(yyyymmdd: deadline), today: today) }
}

/// One task of the wall: where it is, who answers for it, and the progress report a worker files.
extension CampaignController {
    struct TaskModel: Encodable, Sendable {
        let task: Summary
        let canReport: Bool
        let statuses: [Choice]
        let form: [String: String]
        let errors: [String: String]
        let stamp: VersionStamp
        struct Summary: Encodable, Sendable {
            let id: Int, name: String, campaign: String, campaignID: Int, places: String, organization: String
            let responsible: String, deadline: String, status: String, progress: Int, evidence: String
        }
        struct Choice: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    }

    /// The task named in the path, if it reaches the user's places; otherwise the same 403 as a missing one.
    func visibleTask(_ req: Request) async throws -> CampaignTask {
        try await req.visible({ try await CampaignTask.find($0, on: req.db) }, path: \.path, reaching: true)
    }

    @Sendable func task(req: Request) async throws -> Response { try await renderTask(req, try await visibleTask(req), form: [:], errors: []) }

    func renderTask(_ req: Request, _ task: CampaignTask, form: [String: String], errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let campaign = try await Campaign.find(task.campaignID, on: req.db)
        let targets = try await TaskTarget.query(on: req.db).filter(\.$taskID == (try task.requireID())).all()
        let places = try await RegistryDirectory.places(ids: targets.map(\.placeID), on: req.db).map(\.address).joined(separator: "；")
        let organization = try await task.partyOrganizationID.asyncMap { try await RegistryDirectory.partyOrganizations(ids: [$0], on: req.db).first?.name } ?? nil
        let current = form.isEmpty ? ["status": task.status.rawValue, "progress": String(task.progress), "evidence": task.evidence ?? ""] : form
        let model = TaskModel(
            task: .init(id: try task.requireID(), name: task.name, campaign: campaign?.name ?? "", campaignID: task.campaignID, places: places,
                        organization: organization ?? "—", responsible: task.responsible, deadline: task.deadline,
                        status: task.shownStatus(today: BeijingTime.day(of: req.gongzhi.now())).label, progress: task.progress, evidence: task.evidence ?? ""),
            canReport: user.hasAny(Role.placeEditors) && user.scope().contains(task.path),
            statuses: TaskStatus.reportable.map { .init(value: $0.rawValue, label: $0.label, selected: current["status"] == $0.rawValue) },
            form: current, errors: errors.byField, stamp: try await task.stamp(on: req.db))
        return try await req.page("campaigns/task", title: task.name,
                                  breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init(campaign?.name ?? "", CampaignPaths.campaign(task.campaignID)), .init(task.name)],
                                  model, status: status)
    }

    struct ReportForm: Content { var status: String; var progress: String; var evidence: String? }

    /// Files a task's progress: status and percentage agree (done is 100%), and a done task names its evidence.
    @Sendable func report(req: Request) async throws -> Response {
        let task = try await visibleTask(req)
        guard try req.currentUser.scope().contains(task.path) else { throw AppError.forbidden }
        let form = try req.content.decode(ReportForm.self)
        let evidence = form.evidence?.trimmedSpaces ?? ""
        let stamp = try VersionStamp.read(req)
        var problems = try await Versioning.problems(task, readAt: stamp, on: req.db)
        let status = TaskStatus(rawValue: form.status).flatMap { TaskStatus.reportable.contains($0) ? $0 : nil }
        if status == nil { problems.append(FieldProblem("status", "请选择状态：\(TaskStatus.reportable.map(\.label).joined(separator: "、"))")) }
        var progress: Int?
        do { progress = try Bounded.int(form.progress, in: 0...100, label: "进度") } catch { problems.append(error.field("progress")) }
        if let progress {
            if status == .done && progress != 100 { problems.append(FieldProblem("progress", "已完成的任务进度应为100")) }
            else if status == .notStarted && progress != 0 { problems.append(FieldProblem("progress", "未开始的任务进度应为0")) }
        }
        if status == .done && evidence.isEmpty { problems.append(FieldProblem("evidence", "已完成的任务请注明佐证（如验收记录）")) }
        _ = TextRule.note("佐证", max: 200).check(evidence, field: "evidence", into: &problems)
        guard problems.isEmpty, let status, let progress else {
            return try await renderTask(req, task, form: ["status": form.status, "progress": form.progress, "evidence": evidence],
                                        errors: problems, status: problems.status)
        }
        task.status = status; task.progress = progress; task.evidence = evidence.isEmpty ? nil : evidence
        try await task.update(readAt: stamp, on: req.db) { db in try await DataRevision.bump(CampaignsModule.name, on: db) }
        return req.redirect(to: CampaignPaths.task(try task.requireID()), notice: "进展已保存。")
    }
}
