import GongzhiCore

/// A role is always held at a place: what it may do comes from the role, where from the place.
public enum Role: String, Labelled {
    case administrator, subdistrictWorker, communityWorker, buildingGroupLeader
    /// 三员分立 (MLPS level 3): the system administrator (`administrator`) keeps accounts and configuration, the security
    /// administrator grants roles, the audit administrator reads the audit log; none sees business records.
    case securityAdministrator, auditAdministrator
    /// People of the registry who sign in as themselves, with an account made from a one-time code their community
    /// issued (`SignUpCodes`): a resident for their household, a party member, a unit's contact for the unit.
    case resident, partyMember, unitContact
    /// The census roles (入户登记): the census office, instructors and enumerators. Each is bound to a campaign by the
    /// census module, and an enumerator or instructor to their areas; nobody else reads what a visit recorded.
    case censusOffice, censusInstructor, censusEnumerator
    public var label: String {
        switch self {
        case .administrator: "系统管理员"; case .subdistrictWorker: "街道工作人员"
        case .communityWorker: "社区工作人员"; case .buildingGroupLeader: "楼组长"
        case .securityAdministrator: "安全管理员"; case .auditAdministrator: "审计管理员"
        case .resident: "居民"; case .partyMember: "党员"; case .unitContact: "单位联系人"
        case .censusOffice: "普查办"; case .censusInstructor: "普查指导员"; case .censusEnumerator: "普查员"
        }
    }
    /// Roles that read and write business records (the registry and later modules).
    public static let business: Set<Role> = [.subdistrictWorker, .communityWorker, .buildingGroupLeader]
    /// Roles that must sign in with a second factor (a TOTP code) as well as a password.
    public static let administrators: Set<Role> = [.administrator, .securityAdministrator, .auditAdministrator]
    /// Roles that may see a full ID or phone number, one at a time, giving a reason that the audit log keeps (PIPL art. 28:
    /// sensitive personal information only with a specific purpose and strict protection).
    public static let unmaskers: Set<Role> = [.subdistrictWorker, .communityWorker]
    /// Roles held by people of the registry as themselves; only a one-time code from their community grants one.
    public static let people: Set<Role> = [.resident, .partyMember, .unitContact]
    /// The census roles: the only ones that reach a campaign's visits (Statistics Law art. 25).
    public static let census: Set<Role> = [.censusOffice, .censusInstructor, .censusEnumerator]
    /// Roles the security administrator grants to staff.
    public static let staff: Set<Role> = Set(allCases).subtracting(people)
    /// Roles that may issue people's one-time codes, for people within their places.
    public static let codeIssuers: Set<Role> = [.subdistrictWorker, .communityWorker]
    /// Roles that may change the place tree and organisations, not only residents.
    public static let placeEditors: Set<Role> = [.subdistrictWorker, .communityWorker]
}
