import GongzhiCore

/// A role is always held at a place: what it may do comes from the role, where from the place.
public enum Role: String, Labelled {
    case administrator, subdistrictWorker, communityWorker, buildingGroupLeader
    public var label: String {
        switch self {
        case .administrator: "系统管理员"; case .subdistrictWorker: "街道工作人员"
        case .communityWorker: "社区工作人员"; case .buildingGroupLeader: "楼组长"
        }
    }
    /// Roles that read and write business records (the registry and later modules).
    public static let business: Set<Role> = [.subdistrictWorker, .communityWorker, .buildingGroupLeader]
    /// Roles that may change the place tree and organisations, not only residents.
    public static let placeEditors: Set<Role> = [.subdistrictWorker, .communityWorker]
}
