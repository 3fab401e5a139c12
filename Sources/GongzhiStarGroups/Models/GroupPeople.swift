import Fluent
import GongzhiCore

/// One holder of a 1+3+N role of a building group: a resident of the registry (the leader a party member), or for a
/// volunteer team its captain and the team's name. The holder of a recording role may be given a sign-in.
final class GroupRole: Model, @unchecked Sendable {
    static let schema = "building_group_roles"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "building_group_id") var buildingGroupID: Int
    @Field(key: "path") var path: String
    @Field(key: "kind") var kind: GroupRoleKind
    @Field(key: "resident_id") var residentID: Int
    @Field(key: "name") var name: String
    /// A volunteer team's name (N); nil for the other roles.
    @OptionalField(key: "team") var team: String?
    /// The holder lives outside the group's buildings: allowed when the worker confirmed the warning.
    @Field(key: "lives_elsewhere") var livesElsewhere: Bool
    @Field(key: "appointed_by") var appointedBy: String
    @Field(key: "appointed_at") var appointedAt: Int
    init() {}
}

/// A 美丽庭院 / 文明凉台 / 文明窗台 appraisal of one home (or the yard) in a round, by the three criteria.
final class Appraisal: Model, @unchecked Sendable {
    static let schema = "star_appraisals"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "building_group_id") var buildingGroupID: Int
    /// The appraised place: a dwelling for a balcony or a windowsill, the group's building for the yard.
    @Field(key: "place_id") var placeID: Int
    @Field(key: "path") var path: String
    @Field(key: "round") var round: String
    @Field(key: "kind") var kind: AppraisalKind
    @Field(key: "no_protrusion") var noProtrusion: Bool
    @Field(key: "nothing_hung") var nothingHung: Bool
    @Field(key: "no_clutter") var noClutter: Bool
    @Field(key: "appraised_by") var appraisedBy: String
    @Field(key: "appraised_at") var appraisedAt: Int
    init() {}
    var passed: Bool { noProtrusion && nothingHung && noClutter }
}

/// An activity of a building group, recorded once (by its leader or the community): the 有活动 of 三净三有.
final class GroupActivity: Model, @unchecked Sendable {
    static let schema = "building_group_activities"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "building_group_id") var buildingGroupID: Int
    @Field(key: "path") var path: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "title") var title: String
    @Field(key: "participants") var participants: Int
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Int
    init() {}
}
