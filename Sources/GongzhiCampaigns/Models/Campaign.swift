import Fluent
import GongzhiKit
import GongzhiCore

/// A key-task campaign (专项行动) on the campaign wall: goals, a period and tasks.
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
    init() {}
}

/// A task of a campaign — for renovation, a frontline project (一线项目) — with the places it targets,
/// the party organisation built at it, a responsible cadre, a deadline, a status and progress.
final class CampaignTask: Model, @unchecked Sendable {
    static let schema = "campaign_tasks"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "name") var name: String
    /// The first target's path: the task is in scope wherever its place is.
    @Field(key: "path") var path: String
    @OptionalField(key: "party_organization_id") var partyOrganizationID: Int?
    @Field(key: "responsible") var responsible: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "status") var status: TaskStatus
    @Field(key: "progress") var progress: Int
    @OptionalField(key: "evidence") var evidence: String?
    /// See `Versioned`: the version this record is at.
    @OptionalField(key: "version") var storedVersion: Int?
    init() {}
}

extension CampaignTask: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        ["状态": status.label, "进度": "\(progress)%", "佐证": evidence ?? ""]
    }
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
