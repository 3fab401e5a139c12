import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// `gongzhi user create --username … --name … --password … --role … --place ID`
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "username", help: "用户名") var username: String?
        @Option(name: "name", help: "姓名") var name: String?
        @Option(name: "password", help: "密码（至少8位）") var password: String?
        @Option(name: "role", help: "角色：administrator / subdistrictWorker / communityWorker / buildingGroupLeader") var role: String?
        @Option(name: "place", help: "角色所在地点的编号（地点页面地址中的数字）") var place: Int?
    }
    var help: String { "管理用户：create" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw AppError.badRequest("未知操作“\(signature.action)”；可用：create") }
        let db = context.application.db
        try await context.application.autoMigrate()
        guard let username = signature.username, let password = signature.password else { throw AppError.badRequest("需要 --username 和 --password") }
        guard let role = signature.role.flatMap(Role.init(rawValue:)), Role.staff.contains(role) else {
            throw AppError.invalid("role", "角色应为：\(Role.allCases.filter(Role.staff.contains).map(\.rawValue).joined(separator: " / "))")
        }
        guard let placeID = signature.place, let place = try await context.application.gongzhi.places.find(db, placeID) else {
            throw AppError.invalid("place", "地点编号不存在")
        }
        let user = try await Accounts.create(username: username, displayName: signature.name ?? username, password: password,
                                             grants: [(role, placeID, place.path)], cost: context.application.gongzhi.config.bcryptCost,
                                             mustChangePassword: true, on: db)
        try await context.application.auditCommand(action: "POST /users", target: AccountPaths.user(try user.requireID()), detail: "创建用户\(user.username)（\(role.label)）")
        context.console.print("已创建用户 \(user.username)（\(role.label)，地点 \(placeID)）")
    }
}
