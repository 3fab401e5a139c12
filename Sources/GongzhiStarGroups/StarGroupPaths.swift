import GongzhiKit

/// Every address of the star building groups.
public enum StarGroupPaths {
    public static let groups = Address("starGroups", "/star-groups")
    public static let group = Address("starGroup", "/star-groups/:id")
    public static let inspections = Address("starGroupInspections", "/star-groups/:id/inspections")
    /// The 1+3+N roles: appointed on the group's page, dismissed, and a sign-in issued to one who records.
    public static let roles = Address("starGroupRoles", "/star-groups/:id/roles")
    public static let dismiss = Address("starGroupRoleDismiss", "/star-group-roles/:id/dismiss")
    public static let signUpCode = Address("starGroupRoleSignUpCode", "/star-group-roles/:id/sign-up-code")
    /// The community's decision on a leader's self-check.
    public static let confirmCheck = Address("starCheckConfirm", "/star-checks/:id/confirm")
    public static let returnCheck = Address("starCheckReturn", "/star-checks/:id/return")
    public static let appraisals = Address("starGroupAppraisals", "/star-groups/:id/appraisals")
    public static let activities = Address("starGroupActivities", "/star-groups/:id/activities")
    /// The building-group leader's phone: their group, its roles and vacancies, the due self-check, their tasks.
    public static let mine = Address("myGroup", "/me/group")
    public static let selfCheck = Address("mySelfCheck", "/me/group/:id/checks")
    public static let export = Address("starGroupExport", "/star-group-exports/:list")

    public enum API {
        public static let groups = Address("apiStarGroups", "/api/v1/star-groups")
        public static let roles = Address("apiStarGroupRoles", "/api/v1/star-groups/:id/roles")
        static let all = [groups, roles]
    }

    static let all = [groups, group, inspections, roles, dismiss, signUpCode, confirmCheck, returnCheck, appraisals, activities, mine, selfCheck, export] + API.all
}
