import GongzhiKit

/// Every address of the star building groups.
public enum StarGroupPaths {
    public static let groups = Address("starGroups", "/star-groups")
    public static let group = Address("starGroup", "/star-groups/:id")
    public static let inspections = Address("starGroupInspections", "/star-groups/:id/inspections")
    static let all = [groups, group, inspections]
}
