import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The star groups as JSON (in the OpenAPI document) and as .xlsx, within the caller's places: each group's
/// standing, its 1+3+N people, its checks and appraisals.
struct StarGroupAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(StarGroupPaths.API.groups, use: groups)
        routes.get(StarGroupPaths.API.roles, use: roles)
        routes.get(StarGroupPaths.export, use: export)
    }

    static let limit = 5_000

    struct GroupDTO: Content { let id: Int, name: String, placeID: Int, stars: Int?, inspectedOn: String?, passes: Bool, roles: Int, vacancies: [GroupRoleKind] }
    @Sendable func groups(req: Request) async throws -> [GroupDTO] {
        let standing = try await StarStanding.load(try await CommunityFilter.read(req).scope, on: req.db)
        let roles = try await GroupRole.query(on: req.db).filter(\.$buildingGroupID ~~ standing.groups.map(\.entry.id)).all()
        let byGroup = Dictionary(grouping: roles, by: \.buildingGroupID)
        return standing.groups.prefix(Self.limit).map { g in
            GroupDTO(id: g.entry.id, name: g.entry.name, placeID: g.entry.placeID, stars: g.latest?.stars, inspectedOn: g.latest?.inspectedOn,
                     passes: standing.passes(g), roles: byGroup[g.entry.id]?.count ?? 0, vacancies: GroupDesk.vacancies(byGroup[g.entry.id] ?? []))
        }
    }

    struct RoleDTO: Content { let id: Int, kind: GroupRoleKind, residentID: Int, name: String, team: String?, livesElsewhere: Bool, appointedAt: Int }
    @Sendable func roles(req: Request) async throws -> [RoleDTO] {
        let group = try await GroupPage.visibleGroup(req)
        return try await GroupRole.query(on: req.db).filter(\.$buildingGroupID == group.id).sort(\.$id).all().map {
            RoleDTO(id: try $0.requireID(), kind: $0.kind, residentID: $0.residentID, name: $0.name, team: $0.team, livesElsewhere: $0.livesElsewhere, appointedAt: $0.appointedAt)
        }
    }

    enum ListName: String, CaseIterable { case groups, roles, checks, appraisals }

    @Sendable func export(req: Request) async throws -> Response {
        guard let list = ListName(rawValue: req.parameters.get("list") ?? "") else {
            throw AppError.badRequest("可导出的清单：\(ListName.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        let scope = try await CommunityFilter.read(req).scope
        let t = { (s: Int?) in s.map(BeijingTime.format(seconds:)) ?? "" }
        let groups = try await RegistryDirectory.buildingGroups(within: scope, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.name) })
        let (title, header, rows): (String, [String], [[String]])
        switch list {
        case .groups:
            let standing = try await StarStanding.load(scope, on: req.db)
            let roles = Dictionary(grouping: try await GroupRole.query(on: req.db).within(scope, \.$path).all(), by: \.buildingGroupID)
            (title, header, rows) = ("星级楼组", ["楼组", "星级", "是否达标", "评定日期", "楼组长", "空缺"], standing.groups.prefix(Self.limit).map { g in
                let own = roles[g.entry.id] ?? []
                return [g.entry.name, g.latest.map { StarRule.symbols($0.stars) } ?? "未评定", standing.passes(g) ? "达标" : "未达标", g.latest?.inspectedOn ?? "",
                        own.first { $0.kind == .leader }?.name ?? "", GroupDesk.vacancies(own).map(\.label).joined(separator: "、")]
            })
        case .roles:
            (title, header, rows) = ("楼组人员", ["楼组", "角色", "姓名", "服务队", "楼组外居民", "任命人", "任命时间"],
                try await GroupRole.query(on: req.db).within(scope, \.$path).sort(\.$path).limit(Self.limit).all().map {
                    [names[$0.buildingGroupID] ?? "", $0.kind.label, $0.name, $0.team ?? "", $0.livesElsewhere ? "是" : "", $0.appointedBy, t($0.appointedAt)]
                })
        case .checks:
            (title, header, rows) = ("三净三有评定", ["楼组", "日期", "方式", "状态", "星级"] + StarChecklist.items.map(\.label) + ["评定人", "确认人", "退回理由"],
                try await StarInspection.query(on: req.db).within(scope, \.$path).sort(\.$inspectedOn).limit(Self.limit).all().map { i in
                    let c = i.checklist
                    return [names[i.buildingGroupID] ?? "", i.inspectedOn, i.submittedByID == nil ? "社区评定" : "楼组自查", i.status.label, String(i.stars)]
                        + [c.groundClean, c.wallsClean, c.doorsWindowsClean, c.hasCulture, c.hasActivities, c.hasServices].map { $0 ? "✓" : "✗" }
                        + [i.inspector, i.decidedBy ?? "", i.returnReason ?? ""]
                })
        case .appraisals:
            let list = try await Appraisal.query(on: req.db).within(scope, \.$path).sort(\.$round).limit(Self.limit).all()
            let addresses = try await RegistryDirectory.addresses(of: Set(list.map(\.path)), on: req.db)
            (title, header, rows) = ("庭院凉台窗台评比", ["楼组", "轮次", "项目", "住户", "无外突", "无扯挂", "无乱堆", "结果", "评比人"], list.map {
                [names[$0.buildingGroupID] ?? "", $0.round, $0.kind.label, addresses[$0.path] ?? "", $0.noProtrusion ? "✓" : "✗", $0.nothingHung ? "✓" : "✗",
                 $0.noClutter ? "✓" : "✗", $0.passed ? "合格" : "不合格", $0.appraisedBy]
            })
        }
        return try await req.download(title: title, header: header, rows: rows, action: "export-star-group-list", target: StarGroupPaths.export(list.rawValue))
    }
}
