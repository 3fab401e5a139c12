import Fluent
import Foundation
import GongzhiCore
import GongzhiKit

/// Sign-in accounts for the demo subdistrict, one per kind of user, bound to their places.
public enum DemoAccounts {
    public static let password = "Huayuan-2020"

    public struct Account: Sendable { public let username: String; public let name: String; public let role: Role; public let place: String }

    public static func create(on db: any Database, cost: Int) async throws -> [Account] {
        guard let root = try await Place.query(on: db).filter(\.$kind == .subdistrict).first(),
              let tongxin = try await Place.query(on: db).filter(\.$name == "通信花园社区").first(),
              let weiwu = try await Place.query(on: db).filter(\.$name == "纬五路13号院").first(),
              let building = try await Place.query(on: db).filter(\.$parentID == weiwu.id).sort(\.$sortOrder).first()
        else { throw AppError.internalInconsistency("演示数据不完整，无法创建演示账号") }
        let accounts = [
            (Account(username: "jiedao", name: "演示街道干部", role: .subdistrictWorker, place: root.name), root),
            (Account(username: "tongxin", name: "演示社区干部", role: .communityWorker, place: tongxin.name), tongxin),
            (Account(username: "louzu", name: "演示楼组长", role: .buildingGroupLeader, place: "\(weiwu.name)\(building.name)"), building),
            (Account(username: "admin", name: "演示管理员", role: .administrator, place: root.name), root),
            (Account(username: "anquan", name: "演示安全员", role: .securityAdministrator, place: root.name), root),
            (Account(username: "shenji", name: "演示审计员", role: .auditAdministrator, place: root.name), root),
        ]
        for (account, place) in accounts {
            try await Accounts.create(username: account.username, displayName: account.name, password: password,
                                      grants: [(account.role, try place.requireID(), place.path)], cost: cost, on: db)
        }
        // A resident of the leader's building with the sign-in their community's code made: they see their own household.
        guard let resident = try await Resident.query(on: db).within(PlaceScope(paths: [building.path]), \.$path).sort(\.$id).first()
        else { return accounts.map(\.0) }
        let user = try await Accounts.create(username: "jumin", displayName: resident.name, password: password,
                                             grants: [(.resident, PlaceScope.ids(in: resident.path).last ?? 0, resident.path)], cost: cost, on: db)
        user.personKind = .resident; user.personID = try resident.requireID()
        try await user.update(on: db)
        return accounts.map(\.0) + [Account(username: "jumin", name: resident.name, role: .resident, place: "\(weiwu.name)\(building.name)")]
    }

    public static func banner(summary: DemoSummary, accounts: [Account], seconds: Double, address: String) -> String {
        var lines = ["已载入演示街道（\(String(format: "%.1f", seconds))秒）：\(summary.residents)名居民、\(summary.households)户、\(summary.partyMembers)名党员、\(summary.organizations)家单位。",
                     "请在浏览器打开 \(address) ，用以下任一演示账号登录（密码均为 \(password)）："]
        for a in accounts { lines.append("  \(a.username.padding(toLength: 8, withPad: " ", startingAt: 0)) \(a.role.label)（\(a.place)）") }
        return lines.joined(separator: "\n")
    }
}
