import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Every write of the campaign wall, checked: a campaign with its leading group, tasks one by one or in bulk,
/// progress reports and their return, 包楼 assignments. Each refuses with messages naming what is wrong and writes
/// all or nothing; the pages, the API and the demo all come here.
enum CampaignDesk {
    static let changed = CampaignsModule.name

    // MARK: Campaigns

    struct CampaignInput: Sendable {
        var name = "", goal = "", startsOn = "", endsOn = "", placeID = ""
        /// The leading group: account ids, the first the leader (组长).
        var leaders: [String] = []
    }

    static func createCampaign(_ input: CampaignInput, scope: PlaceScope, author: Author, on db: any Database) async throws -> Campaign {
        var problems: [FieldProblem] = []
        let name = TextRule.title("专项行动名称").check(input.name, field: "name", into: &problems)
        let goal = TextRule.note("目标", max: 500, required: true).check(input.goal, field: "goal", into: &problems)
        let starts = DateRule("开始日期").check(input.startsOn, field: "startsOn", into: &problems)
        let ends = DateRule("结束日期").notBefore(starts, "开始日期").check(input.endsOn, field: "endsOn", into: &problems)
        let place = try await Bounded.id(input.placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if place == nil || !scope.contains(place!.path) || ![.subdistrict, .community].contains(place!.kind) {
            problems.append(FieldProblem("placeID", "请选择您管辖范围内的街道或社区作为牵头单位"))
        }
        var leaders: [Staff.Member] = []
        let ids = input.leaders.compactMap { Bounded.id($0) }
        if ids.isEmpty { problems.append(FieldProblem("leaders", "请从工作人员中选择领导小组成员（第一位为组长）")) }
        else if let place {
            let found = try await Staff.members(ids: ids, on: db)
            leaders = ids.compactMap { id in found.first { $0.id == id } }
            if leaders.count != Set(ids).count || leaders.contains(where: { !$0.reaches(place.path) }) {
                problems.append(FieldProblem("leaders", "领导小组成员应为在\(place.name)工作的人员"))
            }
        }
        guard problems.isEmpty, let name, let goal, let starts, let ends, let place else { throw AppError.invalid(problems) }
        let campaign = Campaign()
        campaign.name = name; campaign.goal = goal; campaign.startsOn = starts.description; campaign.endsOn = ends.description
        campaign.placeID = place.id; campaign.path = place.path; campaign.createdBy = author.name; campaign.createdAt = author.seconds
        let group = leaders
        try await db.transaction { db in
            try await campaign.create(on: db)
            for (i, leader) in group.enumerated() {
                let row = CampaignLeader()
                row.campaignID = try campaign.requireID(); row.userID = leader.id; row.name = leader.name; row.duty = i == 0 ? "组长" : "成员"
                try await row.create(on: db)
            }
            try await DataRevision.bump(changed, on: db)
        }
        return campaign
    }

    // MARK: Tasks

    /// One task, or (bulk) one per chosen place with `name` as a pattern where `{地点}` stands for the place's name.
    struct TaskInput: Sendable {
        var name = "", placeIDs: [String] = [], partyOrganizationID = "", cadreID = "", startsOn = "", deadline = ""
        /// One task per place (bulk), or one task over all the places.
        var onePerPlace = false
    }

    static let placeholder = "{地点}"

    /// Adds the tasks; every place lies within the campaign and the user's places, the cadre answers for them, the
    /// dates lie within the campaign.
    @discardableResult
    static func addTasks(_ input: TaskInput, to campaign: Campaign, scope: PlaceScope, author: Author, on db: any Database) async throws -> [CampaignTask] {
        var problems: [FieldProblem] = []
        let name = TextRule.title("任务名称").check(input.name, field: "name", into: &problems)
        let first = CivilDate(yyyymmdd: campaign.startsOn), last = CivilDate(yyyymmdd: campaign.endsOn)
        let within = "专项行动期间（\(campaign.period)）"
        let starts = DateRule("开工日期", required: false).notBefore(first, "专项行动开始（\(campaign.startsOn)）").notAfter(last, "专项行动结束（\(campaign.endsOn)）")
            .check(input.startsOn, field: "startsOn", into: &problems)
        let deadline = DateRule("完成期限").notBefore(starts ?? first, starts == nil ? "专项行动开始（\(campaign.startsOn)）" : "开工日期")
            .notAfter(last, "专项行动结束（\(campaign.endsOn)），应在\(within)内").check(input.deadline, field: "deadline", into: &problems)
        let ids = Array(Set(input.placeIDs.compactMap { Bounded.id($0) }))
        guard ids.count <= 5_000 else { throw AppError.invalid("placeIDs", "一次最多添加5000个地点") }
        let places = try await RegistryDirectory.places(ids: ids, on: db).sorted { $0.path < $1.path }
        if places.isEmpty { problems.append(FieldProblem("placeIDs", "请至少选择一个任务地点（楼院或楼栋）")) }
        else if places.count != ids.count || places.contains(where: { !scope.contains($0.path) || !$0.path.hasPrefix(campaign.path) || ![.compound, .building].contains($0.kind) }) {
            problems.append(FieldProblem("placeIDs", "任务地点应为本专项行动范围内、您管辖的楼院或楼栋"))
        }
        if let name, input.onePerPlace, !name.contains(placeholder), places.count > 1 {
            problems.append(FieldProblem("name", "批量添加时任务名称应含“\(placeholder)”，如“\(placeholder)改造”，以区分各地点的任务"))
        }
        var cadre: Staff.Member?
        if let id = Bounded.id(input.cadreID) { cadre = try await Staff.members(ids: [id], on: db).first }
        if cadre == nil { problems.append(FieldProblem("cadreID", "请选择责任人（登录本系统的干部）")) }
        else if let c = cadre, !places.isEmpty, !c.covers(places.map(\.path)) {
            let outside = places.filter { !c.scope.contains($0.path) }.prefix(3).map { $0.address.isEmpty ? $0.name : $0.address }
            problems.append(FieldProblem("cadreID", "\(c.name)不负责\(outside.joined(separator: "、"))\(outside.count < places.count ? "等地点" : "")，请选择负责这些地点的干部"))
        }
        var organization: RegistryDirectory.PartyOrganizationEntry?
        if let id = Bounded.id(input.partyOrganizationID) {
            organization = try await RegistryDirectory.partyOrganizations(ids: [id], on: db).first
            if organization == nil || !places.allSatisfy({ $0.path.hasPrefix(organization!.path) || organization!.path.hasPrefix(campaign.path) }) {
                problems.append(FieldProblem("partyOrganizationID", "请选择覆盖这些地点的党组织"))
            }
        } else if !input.partyOrganizationID.trimmedSpaces.isEmpty { problems.append(FieldProblem("partyOrganizationID", "请从列表中选择党组织")) }
        guard problems.isEmpty, let name, let deadline, let cadre else { throw AppError.invalid(problems) }
        let groups = input.onePerPlace ? places.map { [$0] } : [places]
        // A building is named with its compound (纬五路13号院1号楼), so that task names tell buildings apart.
        let parents = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: Array(Set(places.filter { $0.kind == .building }.compactMap(\.parentID))), on: db)
            .map { ($0.id, $0) })
        let label = { (p: RegistryDirectory.PlaceEntry) in p.kind == .building ? (p.parentID.flatMap { parents[$0]?.name } ?? "") + p.name : p.name }
        // The party organisation covering a place, or its compound's (a building's area branch).
        let covering = { (p: RegistryDirectory.PlaceEntry) in p.coveringPartyOrganizationID ?? p.parentID.flatMap { parents[$0]?.coveringPartyOrganizationID } }
        let organizationID = organization?.id, campaignID = try campaign.requireID()
        let tasks = groups.map { group in
            let task = CampaignTask()
            task.campaignID = campaignID
            task.name = String(name.replacingOccurrences(of: placeholder, with: label(group[0])).prefix(80))
            task.path = group[0].path
            // Without a chosen organisation, the one that covers the place (a compound's area branch).
            task.partyOrganizationID = organizationID ?? covering(group[0])
            task.cadreID = cadre.id; task.responsible = cadre.name
            task.startsOn = starts?.description; task.deadline = deadline.description
            task.status = .notStarted; task.progress = 0
            return task
        }
        try await db.transaction { db in
            for task in tasks { try await task.create(on: db) }
            var insert = BulkInsert(TaskTarget.schema, columns: ["task_id", "place_id", "path"])
            for (task, group) in zip(tasks, groups) { for p in group { insert.append([try task.requireID(), p.id, p.path]) } }
            try await insert.run(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return tasks
    }

    // MARK: Reports

    struct ReportInput: Sendable { var status = "", progress = "", text = "", evidence = "" }

    /// Files a report on a task: kept beside every earlier one. Status and percentage agree (done is 100%), and a
    /// done task shows its evidence — a photo, or a note naming the acceptance record.
    @discardableResult
    static func report(_ input: ReportInput, photo: PhotoUpload?, on task: CampaignTask, author: Author, on db: any Database) async throws -> TaskReport {
        var problems: [FieldProblem] = []
        let status = TaskStatus(rawValue: input.status).flatMap { TaskStatus.reportable.contains($0) ? $0 : nil }
        if status == nil { problems.append(FieldProblem("status", "请选择状态：\(TaskStatus.reportable.map(\.label).joined(separator: "、"))")) }
        var progress: Int?
        do { progress = try Bounded.int(input.progress, in: 0...100, label: "进度") } catch { problems.append(error.field("progress")) }
        if let progress {
            if status == .done && progress != 100 { problems.append(FieldProblem("progress", "已完成的任务进度应为100")) }
            else if status == .notStarted && progress != 0 { problems.append(FieldProblem("progress", "未开始的任务进度应为0")) }
            else if status == .inProgress && progress == 100 { problems.append(FieldProblem("progress", "进度100%请选“已完成”并附佐证")) }
        }
        let text = TextRule.note("进展情况", max: 1000, required: true).check(input.text, field: "text", into: &problems)
        let evidence = TextRule.note("佐证", max: 200).check(input.evidence, field: "evidence", into: &problems)
        if status == .done && photo == nil && (evidence ?? "").isEmpty {
            problems.append(FieldProblem("evidence", "报告完成须有佐证：请上传现场照片，或注明验收记录"))
        }
        guard problems.isEmpty, let status, let progress, let text else { throw AppError.invalid(problems) }
        let report = TaskReport()
        report.taskID = try task.requireID(); report.path = task.path
        report.status = status; report.progress = progress; report.text = text; report.evidence = evidence?.nonEmpty
        report.reportedByID = author.userID; report.reportedBy = author.name; report.reportedAt = author.seconds
        try await db.transaction { db in
            try await report.create(on: db)
            try await photo?.store(module: changed, record: try report.requireID(), path: task.path, by: author.name, at: author.now, on: db)
            try await standing(task, on: db)
        }
        return report
    }

    /// A supervisor returns a report with a reason: it stays in the history, marked, and the task falls back to the
    /// latest report still standing. Nobody returns their own.
    static func returnReport(_ report: TaskReport, reason raw: String, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let reason = TextRule.note("退回理由", max: 300, required: true).check(raw, field: "reason", into: &problems)
        if report.returnedAt != nil { problems.append(.conflict("reason", "这份报告已于\(BeijingTime.format(seconds: report.returnedAt!))被退回")) }
        if report.reportedByID == author.userID { problems.append(FieldProblem("reason", "不能退回自己提交的报告，请由督导人员审核")) }
        guard problems.isEmpty, let reason else { throw AppError.invalid(problems) }
        guard let task = try await CampaignTask.find(report.taskID, on: db) else { throw AppError.forbidden }
        report.returnedAt = author.seconds; report.returnedBy = author.name; report.returnReason = reason
        try await db.transaction { db in
            try await report.update(on: db)
            try await standing(task, on: db)
        }
    }

    /// Sets a task's shown status, progress and evidence from its latest standing report: reports are added, never
    /// edited, so two workers reporting at once both keep theirs.
    static func standing(_ task: CampaignTask, on db: any Database) async throws {
        let latest = try await TaskReport.query(on: db).filter(\.$taskID == (try task.requireID())).filter(\.$returnedAt == nil)
            .sort(\.$id, .descending).first()
        task.status = latest?.status ?? .notStarted
        task.progress = latest?.progress ?? 0
        task.evidence = latest?.evidence ?? (latest?.status == .done ? "现场照片" : nil)
        try await task.update(on: db)
        try await DataRevision.bump(changed, on: db)
    }

    // MARK: 包楼到户

    /// Assigns a cadre to buildings (replacing whoever answered for them); the cadre must work where the buildings are.
    static func assign(cadreID raw: String, buildingIDs: [String], scope: PlaceScope, author: Author, on db: any Database) async throws -> Int {
        var problems: [FieldProblem] = []
        let ids = Array(Set(buildingIDs.compactMap { Bounded.id($0) })).prefix(2_000)
        let buildings = try await RegistryDirectory.places(ids: Array(ids), on: db)
        if buildings.isEmpty || buildings.contains(where: { $0.kind != .building || !scope.contains($0.path) }) {
            problems.append(FieldProblem("buildingIDs", "请选择您管辖范围内的楼栋"))
        }
        let cadre = try await Bounded.id(raw).asyncMap { try await Staff.members(ids: [$0], on: db).first } ?? nil
        if cadre == nil || cadre!.roles.isDisjoint(with: Role.placeEditors) { problems.append(FieldProblem("cadreID", "请选择包楼干部（街道或社区工作人员）")) }
        else if let cadre, !buildings.isEmpty, !cadre.covers(buildings.map(\.path)) {
            problems.append(FieldProblem("cadreID", "\(cadre.name)不在这些楼栋所在的社区工作，请选择负责该社区的干部"))
        }
        guard problems.isEmpty, let cadre else { throw AppError.invalid(problems) }
        try await db.transaction { db in
            try await BuildingAssignment.query(on: db).filter(\.$placeID ~~ buildings.map(\.id)).delete()
            var insert = BulkInsert(BuildingAssignment.schema, columns: ["place_id", "path", "cadre_id", "cadre", "assigned_by", "assigned_at"])
            for b in buildings { insert.append([b.id, b.path, cadre.id, cadre.name, author.name, author.seconds]) }
            try await insert.run(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return buildings.count
    }
}
