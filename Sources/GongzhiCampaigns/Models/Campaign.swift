import Fluent
import GongzhiKit
import GongzhiCore

/// A key-task campaign (专项行动) on the campaign wall: goals, a period, its leading group and tasks.
final class Campaign: Model, @unchecked Sendable {
    static let schema = "campaigns"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "goal") var goal: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// The place that runs it (the subdistrict or a community) and its path, for scope.
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "created_by") var createdBy: String?
    @OptionalField(key: "created_at") var createdAt: Int?
    init() {}

    var period: String { "\(startsOn) 至 \(endsOn)" }
    /// Whether `day` lies within the campaign's period.
    func covers(_ day: CivilDate) -> Bool { day.description >= startsOn && day.description <= endsOn }
}

/// A member of a campaign's leading group (领导小组): a cadre who signs in, with their duty (组长, 副组长, 成员).
final class CampaignLeader: Model, @unchecked Sendable {
    static let schema = "campaign_leaders"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "user_id") var userID: Int
    @Field(key: "name") var name: String
    @Field(key: "duty") var duty: String
    init() {}
}

/// A task of a campaign — for renovation, a frontline project (一线项目) — with the places it targets,
/// the party organisation built at it, a responsible cadre, a deadline, and the status and progress of its latest
/// standing report (`TaskReport`; never typed here).
final class CampaignTask: Model, @unchecked Sendable {
    static let schema = "campaign_tasks"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "name") var name: String
    /// The first target's path: the task is in scope wherever its place is.
    @Field(key: "path") var path: String
    @OptionalField(key: "party_organization_id") var partyOrganizationID: Int?
    /// The responsible cadre (an account that signs in), and their name as shown.
    @OptionalField(key: "cadre_id") var cadreID: Int?
    @Field(key: "responsible") var responsible: String
    /// When work starts (the campaign's start unless set), for the Gantt chart.
    @OptionalField(key: "starts_on") var startsOn: String?
    @Field(key: "deadline") var deadline: String
    @Field(key: "status") var status: TaskStatus
    @Field(key: "progress") var progress: Int
    @OptionalField(key: "evidence") var evidence: String?
    init() {}
}

/// A place a task targets (a compound, a building); a project may cover several compounds.
final class TaskTarget: Model, @unchecked Sendable {
    static let schema = "campaign_task_targets"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "task_id") var taskID: Int
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    init() {}
}

/// One progress report on a task: kept for good (never overwritten), returned by a supervisor with a reason rather
/// than deleted. The task shows its latest report that was not returned.
final class TaskReport: Model, @unchecked Sendable {
    static let schema = "campaign_task_reports"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "task_id") var taskID: Int
    @Field(key: "path") var path: String
    @Field(key: "status") var status: TaskStatus
    @Field(key: "progress") var progress: Int
    @Field(key: "text") var text: String
    @OptionalField(key: "evidence") var evidence: String?
    @Field(key: "reported_by_id") var reportedByID: Int
    @Field(key: "reported_by") var reportedBy: String
    @Field(key: "reported_at") var reportedAt: Int
    @OptionalField(key: "returned_by") var returnedBy: String?
    @OptionalField(key: "returned_at") var returnedAt: Int?
    @OptionalField(key: "return_reason") var returnReason: String?
    init() {}
    var standing: Bool { returnedAt == nil }
}

/// 包楼到户: a cadre answers for a building, and through it for its households.
final class BuildingAssignment: Model, @unchecked Sendable {
    static let schema = "building_assignments"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "cadre_id") var cadreID: Int
    @Field(key: "cadre") var cadre: String
    @Field(key: "assigned_by") var assignedBy: String
    @Field(key: "assigned_at") var assignedAt: Int
    init() {}
}
