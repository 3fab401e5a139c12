import Testing
@testable import GongzhiKit

/// 三员分立 (GB/T 22239-2019 8.1.4.2 c): separate system, security and audit administrators; nobody grants themselves.
struct RoleRulesTests {
    @Test(arguments: [
        (Role.communityWorker, [Role](), 2, nil),
        (.communityWorker, [.buildingGroupLeader], 2, nil),
        (.communityWorker, [], 1, "不能为自己授予或撤销角色"),
        (.auditAdministrator, [], 1, "不能为自己授予或撤销角色"),
        (.auditAdministrator, [.administrator], 2, "三员分立：系统、安全、审计管理员须由不同的人担任，且不兼任业务角色；该用户已有其他角色"),
        (.administrator, [.subdistrictWorker], 2, "三员分立：系统、安全、审计管理员须由不同的人担任，且不兼任业务角色；该用户已有其他角色"),
        (.subdistrictWorker, [.securityAdministrator], 2, "该用户是管理员，不能兼任业务角色"),
        (.securityAdministrator, [], 2, nil),
    ] as [(Role, [Role], Int, String?)])
    func granting(role: Role, held: [Role], target: Int, problem: String?) {
        #expect(RoleRules.problem(granting: role, to: target, holding: held, by: 1) == problem)
    }

    @Test func nobodyRevokesTheirOwnRoles() {
        #expect(RoleRules.problem(revokingFrom: 1, by: 1) != nil)
        #expect(RoleRules.problem(revokingFrom: 2, by: 1) == nil)
    }
}
