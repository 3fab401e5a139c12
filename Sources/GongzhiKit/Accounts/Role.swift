import GongzhiCore

/// A role is always held at a place: what it may do comes from the role, where from the place.
public enum Role: String, Labelled {
    case administrator, subdistrictWorker, communityWorker, buildingGroupLeader
    /// 三员分立 (MLPS level 3): the system administrator (`administrator`) keeps accounts and configuration, the security
    /// administrator grants roles, the audit administrator reads the audit log; none sees business records.
    case securityAdministrator, auditAdministrator
    public var label: String {
        switch self {
        case .administrator: "系统管理员"; case .subdistrictWorker: "街道工作人员"
        case .communityWorker: "社区工作人员"; case .buildingGroupLeader: "楼组长"
        case .securityAdministrator: "安全管理员"; case .auditAdministrator: "审计管理员"
        }
    }
    /// Roles that read and write business records (the registry and later modules).
    public static let business: Set<Role> = [.subdistrictWorker, .communityWorker, .buildingGroupLeader]
    /// Roles that must sign in with a second factor (a TOTP code) as well as a password.
    public static let administrators: Set<Role> = [.administrator, .securityAdministrator, .auditAdministrator]
    /// Roles that may see a full ID or phone number, one at a time, giving a reason that the audit log keeps (PIPL art. 28:
    /// sensitive personal information only with a specific purpose and strict protection).
    public static let unmaskers: Set<Role> = [.subdistrictWorker, .communityWorker]
    /// Roles that may change the place tree and organisations, not only residents.
    public static let placeEditors: Set<Role> = [.subdistrictWorker, .communityWorker]
}
