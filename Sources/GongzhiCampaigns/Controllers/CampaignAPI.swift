import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The wall's records as JSON (in the OpenAPI document) and as .xlsx, within the caller's places: campaigns, tasks,
/// reports and 包楼 assignments.
struct CampaignAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.API.campaigns, use: campaigns)
        routes.get(CampaignPaths.API.tasks, use: tasks)
        routes.get(CampaignPaths.API.reports, use: reports)
        routes.get(CampaignPaths.API.assignments, use: assignments)
        routes.get(CampaignPaths.export, use: export)
    }

    static let limit = 5_000

    struct CampaignDTO: Content { let id: Int, name: String, goal: String, startsOn: String, endsOn: String, placeID: Int, leaders: [String] }
    @Sendable func campaigns(req: Request) async throws -> [CampaignDTO] {
        let scope = try req.currentUser.scope()
        let list = try await Campaign.query(on: req.db).sort(\.$id).all().filter { scope.overlaps($0.path) }
        let leaders = Dictionary(grouping: try await CampaignLeader.query(on: req.db).filter(\.$campaignID ~~ list.compactMap(\.id)).sort(\.$id).all(), by: \.campaignID)
        return try list.map { c in
            CampaignDTO(id: try c.requireID(), name: c.name, goal: c.goal, startsOn: c.startsOn, endsOn: c.endsOn, placeID: c.placeID,
                        leaders: (leaders[try c.requireID()] ?? []).map { "\($0.name)（\($0.duty)）" })
        }
    }

    struct TaskDTO: Content {
        let id: Int, name: String, placeIDs: [Int], partyOrganizationID: Int?, cadreID: Int?, responsible: String, startsOn: String?, deadline: String
        /// As the wall shows it: overdue once the deadline has passed and the task is not done.
        let status: TaskStatus, progress: Int, evidence: String?
    }
    @Sendable func tasks(req: Request) async throws -> [TaskDTO] {
        let campaign = try await CampaignController.visibleCampaign(req)
        let wall = try await Wall.load(campaign, scope: try await CommunityFilter.read(req).scope,
                                       status: try req.queryChoice("status", TaskStatus.self, label: "任务状态"), today: BeijingTime.day(of: req.gongzhi.now()), on: req.db)
        let evidence = Dictionary(uniqueKeysWithValues: try await wall.items.map(\.id).chunked(1_000).asyncFlatMap { ids in
            try await CampaignTask.query(on: req.db).filter(\.$id ~~ Array(ids)).all().map { ($0.id ?? 0, $0.evidence) }
        })
        return wall.items.prefix(Self.limit).map { t in
            TaskDTO(id: t.id, name: t.name, placeIDs: t.targets, partyOrganizationID: t.organizationID, cadreID: t.cadreID, responsible: t.responsible,
                    startsOn: t.startsOn, deadline: t.deadline, status: t.status, progress: t.progress, evidence: evidence[t.id] ?? nil)
        }
    }

    struct ReportDTO: Content {
        let id: Int, status: TaskStatus, progress: Int, text: String, evidence: String?, reportedBy: String, reportedAt: Int, photoIDs: [Int]
        let returnedAt: Int?, returnReason: String?
    }
    @Sendable func reports(req: Request) async throws -> [ReportDTO] {
        let task = try await TaskController.visibleTask(req)
        let reports = try await TaskReport.query(on: req.db).filter(\.$taskID == (try task.requireID())).sort(\.$id).all()
        let photos = try await PhotoUpload.photos(of: CampaignDesk.changed, records: reports.compactMap(\.id), on: req.db)
        return try reports.map { r in
            ReportDTO(id: try r.requireID(), status: r.status, progress: r.progress, text: r.text, evidence: r.evidence, reportedBy: r.reportedBy,
                      reportedAt: r.reportedAt, photoIDs: photos[try r.requireID()] ?? [], returnedAt: r.returnedAt, returnReason: r.returnReason)
        }
    }

    struct AssignmentDTO: Content { let buildingID: Int, cadreID: Int, cadre: String, assignedAt: Int }
    @Sendable func assignments(req: Request) async throws -> [AssignmentDTO] {
        try await BuildingAssignment.query(on: req.db).within(try await CommunityFilter.read(req).scope, \.$path).sort(\.$path).limit(Self.limit).all().map {
            AssignmentDTO(buildingID: $0.placeID, cadreID: $0.cadreID, cadre: $0.cadre, assignedAt: $0.assignedAt)
        }
    }

    enum ListName: String, CaseIterable { case campaigns, tasks, reports, assignments }

    @Sendable func export(req: Request) async throws -> Response {
        guard let list = ListName(rawValue: req.parameters.get("list") ?? "") else {
            throw AppError.badRequest("可导出的清单：\(ListName.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        let filter = try await CommunityFilter.read(req)
        let scope = filter.scope
        let today = BeijingTime.day(of: req.gongzhi.now())
        let t = { (s: Int?) in s.map(BeijingTime.format(seconds:)) ?? "" }
        let campaigns = try await Campaign.query(on: req.db).sort(\.$id).all().filter { scope.overlaps($0.path) }
        let names = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id ?? 0, $0.name) })
        let (title, header, rows): (String, [String], [[String]])
        switch list {
        case .campaigns:
            (title, header, rows) = ("专项行动", ["专项行动", "目标", "开始", "结束"], campaigns.map { [$0.name, $0.goal, $0.startsOn, $0.endsOn] })
        case .tasks:
            let tasks = try await CampaignTask.query(on: req.db).filter(\.$campaignID ~~ campaigns.compactMap(\.id)).sort(\.$campaignID).sort(\.$deadline).all()
                .filter { scope.overlaps($0.path) }.prefix(Self.limit)
            let addresses = try await RegistryDirectory.addresses(of: Set(tasks.map(\.path)), on: req.db)
            (title, header, rows) = ("任务清单", ["专项行动", "任务", "地点", "责任人", "开工", "期限", "状态", "进度", "佐证"], tasks.map {
                [names[$0.campaignID] ?? "", $0.name, addresses[$0.path] ?? "", $0.responsible, $0.startsOn ?? "", $0.deadline, $0.shownStatus(today: today).label, "\($0.progress)%", $0.evidence ?? ""]
            })
        case .reports:
            let reports = try await TaskReport.query(on: req.db).within(scope, \.$path).sort(\.$id).limit(Self.limit).all()
            let tasks = Dictionary(uniqueKeysWithValues: try await CampaignTask.query(on: req.db).filter(\.$id ~~ Set(reports.map(\.taskID))).all().map { ($0.id ?? 0, $0) })
            (title, header, rows) = ("进展报告", ["专项行动", "任务", "状态", "进度", "进展情况", "佐证", "报告人", "报告时间", "退回", "退回理由"], reports.map { r in
                let task = tasks[r.taskID]
                return [task.flatMap { names[$0.campaignID] } ?? "", task?.name ?? "", r.status.label, "\(r.progress)%", r.text, r.evidence ?? "", r.reportedBy,
                        t(r.reportedAt), r.returnedAt == nil ? "" : "\(r.returnedBy ?? "")，\(t(r.returnedAt))", r.returnReason ?? ""]
            })
        case .assignments:
            let assigned = try await BuildingAssignment.query(on: req.db).within(scope, \.$path).sort(\.$path).limit(Self.limit).all()
            let addresses = try await RegistryDirectory.addresses(of: Set(assigned.map(\.path)), on: req.db)
            (title, header, rows) = ("包楼到户", ["楼栋", "包楼干部", "分包人", "分包时间"], assigned.map { [addresses[$0.path] ?? "", $0.cadre, $0.assignedBy, t($0.assignedAt)] })
        }
        return try await req.download(title: title, header: header, rows: rows, action: "export-campaign-list", target: CampaignPaths.export(list.rawValue))
    }
}
