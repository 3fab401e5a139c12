import Fluent
import Foundation
import GongzhiCore
import GongzhiKit

/// Sign-in accounts for the demo subdistrict, one per kind of user, bound to their places.
public enum DemoAccounts {
    public static let password = "Huayuan-2020"

    public struct Account: Sendable { public let username: String; public let name: String; public let role: Role; public let place: String }

    /// The people of the demo who sign in as themselves, found the same way wherever the demo needs them: the first
    /// resident (by id) of the building-group leader's building, the first in-service member (by id) living in
    /// 通信花园社区, and the first resident unit there.
    public struct People: Sendable { public let residentID: Int?; public let memberID: Int?; public let unitID: Int? }

    public static func people(on db: any Database) async throws -> People {
        let (_, tongxin, _, building) = try await places(on: db)
        let resident = try await Resident.query(on: db).within(PlaceScope(paths: [building.path]), \.$path).sort(\.$id).first()
        let member = try await PartyMember.query(on: db).filter(\.$category == .inService).within(PlaceScope(paths: [tongxin.path]), \.$path).sort(\.$id).first()
        let unit = try await Organization.query(on: db).filter(\.$kind == .residentUnit).within(PlaceScope(paths: [tongxin.path]), \.$path).sort(\.$id).first()
        return People(residentID: resident?.id, memberID: member?.id, unitID: unit?.id)
    }

    static func places(on db: any Database) async throws -> (root: Place, tongxin: Place, weiwu: Place, building: Place) {
        guard let root = try await Place.query(on: db).filter(\.$kind == .subdistrict).first(),
              let tongxin = try await Place.query(on: db).filter(\.$name == "通信花园社区").first(),
              let weiwu = try await Place.query(on: db).filter(\.$name == "纬五路13号院").first(),
              let building = try await Place.query(on: db).filter(\.$parentID == weiwu.id).sort(\.$sortOrder).first()
        else { throw AppError.internalInconsistency("演示数据不完整，无法创建演示账号") }
        return (root, tongxin, weiwu, building)
    }

    public static func create(on db: any Database, cost: Int) async throws -> [Account] {
        let (root, tongxin, weiwu, building) = try await places(on: db)
        let accounts = [
            (Account(username: "jiedao", name: "演示街道干部", role: .subdistrictWorker, place: root.name), root),
            (Account(username: "tongxin", name: "演示社区干部", role: .communityWorker, place: tongxin.name), tongxin),
            (Account(username: "louzu", name: "演示楼组长", role: .buildingGroupLeader, place: "\(weiwu.name)\(building.name)"), building),
            (Account(username: "admin", name: "演示管理员", role: .administrator, place: root.name), root),
            (Account(username: "anquan", name: "演示安全员", role: .securityAdministrator, place: root.name), root),
            (Account(username: "shenji", name: "演示审计员", role: .auditAdministrator, place: root.name), root),
            // The census's own roles: the office of the subdistrict, an instructor and an enumerator of 通信花园社区.
            (Account(username: "puchaban", name: "演示普查办", role: .censusOffice, place: root.name), root),
            (Account(username: "zhidao", name: "演示普查指导员", role: .censusInstructor, place: tongxin.name), tongxin),
            (Account(username: "pucha", name: "演示普查员", role: .censusEnumerator, place: tongxin.name), tongxin),
        ]
        for (account, place) in accounts {
            try await Accounts.create(username: account.username, displayName: account.name, password: password,
                                      grants: [(account.role, try place.requireID(), place.path)], cost: cost, on: db)
        }
        // People with the sign-in their community's code made: a resident of the leader's building sees their own
        // household; an in-service member and a unit's contact of 通信花园社区 serve there.
        let people = try await people(on: db)
        var made: [Account] = []
        func person(_ username: String, _ name: String, _ kind: PersonKind, id: Int, path: String, place: String) async throws {
            let user = try await Accounts.create(username: username, displayName: name, password: password,
                                                 grants: [(kind.role, PlaceScope.ids(in: path).last ?? 0, path)], cost: cost, on: db)
            user.personKind = kind; user.personID = id
            try await user.update(on: db)
            made.append(Account(username: username, name: name, role: kind.role, place: place))
        }
        if let id = people.residentID, let resident = try await Resident.find(id, on: db) {
            try await person("jumin", resident.name, .resident, id: id, path: resident.path, place: "\(weiwu.name)\(building.name)")
        }
        if let id = people.memberID, let member = try await PartyMember.find(id, on: db), let residentID = member.residentID,
           let resident = try await Resident.find(residentID, on: db) {
            try await person("dangyuan", resident.name, .partyMember, id: id, path: member.path, place: tongxin.name)
        }
        if let id = people.unitID, let unit = try await Organization.find(id, on: db) {
            try await person("danwei", unit.name, .unit, id: id, path: unit.path, place: tongxin.name)
        }
        return accounts.map(\.0) + made
    }

    public static func banner(summary: DemoSummary, accounts: [Account], seconds: Double, address: String) -> String {
        var lines = ["已载入演示街道（\(String(format: "%.1f", seconds))秒）：\(summary.residents)名居民、\(summary.households)户、\(summary.partyMembers)名党员、\(summary.organizations)家单位。",
                     "请在浏览器打开 \(address) ，用以下任一演示账号登录（密码均为 \(password)）："]
        for a in accounts { lines.append("  \(a.username.padding(toLength: 8, withPad: " ", startingAt: 0)) \(a.role.label)（\(a.place)）") }
        return lines.joined(separator: "\n")
    }
}
