/// Who may hold which roles, and who may grant them (三员分立, GB/T 22239-2019 8.1.4.2: the system, security and
/// audit administrators are different people, each with only the rights of that role).
public enum RoleRules {
    /// What stops `actor` (holding `actorRoles`) from granting `role` to a user who holds `targetRoles`; nil when allowed.
    public static func problem(granting role: Role, to targetID: Int, holding targetRoles: [Role], by actorID: Int) -> String? {
        if targetID == actorID { return "不能为自己授予或撤销角色" }
        if targetRoles.contains(role) { return nil }
        if Role.administrators.contains(role) && !targetRoles.isEmpty {
            return "三员分立：系统、安全、审计管理员须由不同的人担任，且不兼任业务角色；该用户已有其他角色"
        }
        if !Role.administrators.isDisjoint(with: targetRoles) { return "该用户是管理员，不能兼任业务角色" }
        return nil
    }

    /// What stops `actor` from taking a role away from `targetID`; nil when allowed.
    public static func problem(revokingFrom targetID: Int, by actorID: Int) -> String? {
        targetID == actorID ? "不能为自己授予或撤销角色" : nil
    }
}
