import Fluent

/// A resource of the 资源清单: space, people, money or skills a unit or a member offers, with when it is available.
final class ServiceResource: Model, @unchecked Sendable {
    static let schema = "service_resources"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: ResourceKind
    @OptionalField(key: "member_id") var memberID: Int?
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Field(key: "provider") var provider: String
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "title") var title: String
    @Field(key: "detail") var detail: String
    @Field(key: "availability") var availability: String
    @Field(key: "status") var status: ResourceStatus
    @Field(key: "offered_by") var offeredBy: String
    @Field(key: "offered_at") var offeredAt: Int
    init() {}
}

/// A project of the 项目清单: a need matched with a resource under an agreement, its milestones and its result.
final class ServiceProject: Model, @unchecked Sendable {
    static let schema = "service_projects"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "need_id") var needID: Int
    @Field(key: "resource_id") var resourceID: Int
    @Field(key: "community_id") var communityID: Int
    @Field(key: "path") var path: String
    @Field(key: "title") var title: String
    @Field(key: "agreement") var agreement: String
    @Field(key: "agreed_on") var agreedOn: String
    /// The agreement's term ends on this day, if it has one.
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "status") var status: ProjectStatus
    @Field(key: "result") var result: String
    @OptionalField(key: "completed_on") var completedOn: String?
    @Field(key: "matched_by") var matchedBy: String
    init() {}
}

/// A milestone of a project, done on a day or still due.
final class ProjectMilestone: Model, @unchecked Sendable {
    static let schema = "service_milestones"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "project_id") var projectID: Int
    @Field(key: "title") var title: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "done_on") var doneOn: String?
    init() {}
}
