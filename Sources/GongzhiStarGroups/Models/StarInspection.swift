import Fluent
import GongzhiCore

/// One 三净三有 inspection of a building group, with the star level the rule gave at the time.
final class StarInspection: Model, @unchecked Sendable {
    static let schema = "star_inspections"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "building_group_id") var buildingGroupID: Int
    /// The group's path: the inspection is in scope wherever the group is.
    @Field(key: "path") var path: String
    @Field(key: "inspected_on") var inspectedOn: String
    @Field(key: "inspector") var inspector: String
    @Field(key: "ground_clean") var groundClean: Bool
    @Field(key: "walls_clean") var wallsClean: Bool
    @Field(key: "doors_windows_clean") var doorsWindowsClean: Bool
    @Field(key: "has_culture") var hasCulture: Bool
    @Field(key: "has_activities") var hasActivities: Bool
    @Field(key: "has_services") var hasServices: Bool
    @Field(key: "stars") var stars: Int
    @OptionalField(key: "note") var note: String?
    /// An inspection by the community counts at once; a leader's self-check once the community confirms it.
    @Field(key: "status") var status: CheckStatus
    /// The account that submitted a self-check (nil for the community's own inspection).
    @OptionalField(key: "submitted_by_id") var submittedByID: Int?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Int?
    @OptionalField(key: "return_reason") var returnReason: String?
    init() {}

    var checklist: StarChecklist {
        get { StarChecklist(groundClean: groundClean, wallsClean: wallsClean, doorsWindowsClean: doorsWindowsClean,
                            hasCulture: hasCulture, hasActivities: hasActivities, hasServices: hasServices) }
        set {
            groundClean = newValue.groundClean; wallsClean = newValue.wallsClean; doorsWindowsClean = newValue.doorsWindowsClean
            hasCulture = newValue.hasCulture; hasActivities = newValue.hasActivities; hasServices = newValue.hasServices
        }
    }
}
