import Fluent

/// A month of an office building's rota (楼宇党建): the party organisation that hosts the month's party activity, and
/// once held, the activity's record. A swap between two months is kept on both.
final class RotaMonth: Model, @unchecked Sendable {
    static let schema = "tower_rota"
    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The building (a place of kind building) whose organisations take turns.
    @Field(key: "building_id") var buildingID: Int
    @Field(key: "path") var path: String
    @Field(key: "year") var year: Int
    @Field(key: "month") var month: Int
    @Field(key: "host_id") var hostID: Int
    @Field(key: "host_name") var hostName: String
    @Field(key: "swap_note") var swapNote: String
    @OptionalField(key: "held_on") var heldOn: String?
    @OptionalField(key: "topic") var topic: String?
    @OptionalField(key: "present") var present: Int?
    @OptionalField(key: "due") var due: Int?
    @Field(key: "note") var note: String
    @OptionalField(key: "recorded_by") var recordedBy: String?
    init() {}
}
