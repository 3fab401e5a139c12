import GongzhiKit

/// Every address of regional co-building.
public enum CoBuildingPaths {
    public static let committees = Address("coBuilding", "/co-building")
    public static let members = Address("coBuildingMembers", "/co-building/members")
    static let all = [committees, members]
}
