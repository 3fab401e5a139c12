import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The lists as JSON (in the OpenAPI document) and as .xlsx, each within the caller's places: reports, needs,
/// claims, confirmed hours; and for Excel also resources and projects.
struct ServiceAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.API.reports, use: reports)
        routes.get(ServicePaths.API.needs, use: needs)
        routes.get(ServicePaths.API.claims, use: claims)
        routes.get(ServicePaths.API.hours, use: hours)
        routes.get(ServicePaths.API.resources, use: resources)
        routes.get(ServicePaths.API.projects, use: projects)
        routes.get(ServicePaths.export, use: export)
    }

    /// The most rows one answer carries; a larger list is narrowed by community.
    static let limit = 5_000

    func community(_ req: Request) async throws -> PlaceScope {
        let scope = try req.currentUser.scope()
        guard let id = try req.queryID("community", label: "社区") else { return scope }
        guard let c = try await RegistryDirectory.places(ids: [id], on: req.db).first, c.kind == .community, scope.overlaps(c.path) else { throw AppError.forbidden }
        return scope.contains(c.path) ? PlaceScope(paths: [c.path]) : scope
    }

    struct ReportDTO: Content {
        let id: Int, kind: ReporterKind, name: String, memberID: Int?, organizationID: Int?, communityID: Int, workplaceID: Int?
        let intentions: String, status: ReportStatus, reason: String, reportedAt: Int, decidedAt: Int?
    }
    @Sendable func reports(req: Request) async throws -> [ReportDTO] {
        try await ReportIn.query(on: req.db).within(try await community(req), \.$path).sort(\.$id).limit(Self.limit).all().map { r in
            ReportDTO(id: try r.requireID(), kind: r.kind, name: r.name, memberID: r.memberID, organizationID: r.organizationID, communityID: r.communityID,
                      workplaceID: r.workplaceID, intentions: r.intentions, status: r.status, reason: r.reason, reportedAt: r.reportedAt, decidedAt: r.decidedAt)
        }
    }

    struct NeedDTO: Content { let id: Int, kind: NeedKind, status: NeedStatus, title: String, detail: String, communityID: Int, householdID: Int?, placedAt: Int }
    @Sendable func needs(req: Request) async throws -> [NeedDTO] {
        let query = ServiceNeed.query(on: req.db).within(try await community(req), \.$path)
        if let status = try req.queryChoice("status", NeedStatus.self, label: "需求状态") { query.filter(\.$status == status) }
        return try await query.sort(\.$id).limit(Self.limit).all().map { n in
            NeedDTO(id: try n.requireID(), kind: n.kind, status: n.status, title: n.title, detail: n.detail, communityID: n.communityID, householdID: n.householdID, placedAt: n.placedAt)
        }
    }

    struct ClaimDTO: Content {
        let id: Int, needID: Int, claimant: String, memberID: Int?, organizationID: Int?, status: ClaimStatus, minutes: Int
        let claimedAt: Int, deliveredAt: Int?, decidedAt: Int?
    }
    @Sendable func claims(req: Request) async throws -> [ClaimDTO] {
        try await ServiceClaim.query(on: req.db).within(try await community(req), \.$path).sort(\.$id).limit(Self.limit).all().map { c in
            ClaimDTO(id: try c.requireID(), needID: c.needID, claimant: c.claimant, memberID: c.memberID, organizationID: c.organizationID, status: c.status,
                     minutes: c.minutes, claimedAt: c.claimedAt, deliveredAt: c.deliveredAt, decidedAt: c.decidedAt)
        }
    }

    struct HoursDTO: Content { let memberID: Int, source: String, minutes: Int, servedOn: String, what: String, communityID: Int, confirmedAt: Int }
    @Sendable func hours(req: Request) async throws -> [HoursDTO] {
        let query = ServiceHours.query(on: req.db).within(try await community(req), \.$path)
        if let text = req.query[String.self, at: "quarter"] {
            guard let q = Quarter(text), q.description == text else { throw AppError.badRequest("参数quarter（季度）应为如2026Q4的格式，年份在2000至2100之间") }
            query.filter(\.$servedOn >= q.first.description).filter(\.$servedOn <= q.last.description)
        }
        return try await query.sort(\.$servedOn).sort(\.$id).limit(Self.limit).all().map {
            HoursDTO(memberID: $0.memberID, source: $0.source, minutes: $0.minutes, servedOn: $0.servedOn, what: $0.what, communityID: $0.communityID, confirmedAt: $0.confirmedAt)
        }
    }

    struct ResourceDTO: Content {
        let id: Int, kind: ResourceKind, status: ResourceStatus, title: String, detail: String, availability: String, provider: String
        let memberID: Int?, organizationID: Int?, communityID: Int, offeredAt: Int
    }
    @Sendable func resources(req: Request) async throws -> [ResourceDTO] {
        try await ServiceResource.query(on: req.db).within(try await community(req), \.$path).sort(\.$id).limit(Self.limit).all().map { r in
            ResourceDTO(id: try r.requireID(), kind: r.kind, status: r.status, title: r.title, detail: r.detail, availability: r.availability, provider: r.provider,
                        memberID: r.memberID, organizationID: r.organizationID, communityID: r.communityID, offeredAt: r.offeredAt)
        }
    }

    struct ProjectDTO: Content {
        let id: Int, needID: Int, resourceID: Int, title: String, agreement: String, agreedOn: String, endsOn: String?, status: ProjectStatus
        let result: String, completedOn: String?, communityID: Int
    }
    @Sendable func projects(req: Request) async throws -> [ProjectDTO] {
        try await ServiceProject.query(on: req.db).within(try await community(req), \.$path).sort(\.$id).limit(Self.limit).all().map { p in
            ProjectDTO(id: try p.requireID(), needID: p.needID, resourceID: p.resourceID, title: p.title, agreement: p.agreement, agreedOn: p.agreedOn,
                       endsOn: p.endsOn, status: p.status, result: p.result, completedOn: p.completedOn, communityID: p.communityID)
        }
    }

    /// The lists one can take to Excel.
    enum ListName: String, CaseIterable { case reports, unreported, workplaces, needs, resources, projects, activities, hours }

    @Sendable func export(req: Request) async throws -> Response {
        guard let list = ListName(rawValue: req.parameters.get("list") ?? "") else {
            throw AppError.badRequest("可导出的清单：\(ListName.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        let scope = try await community(req)
        let names = Dictionary(uniqueKeysWithValues: try await CommunityFilter.communities(of: scope, on: req.db).map { ($0.id, $0.name) })
        let c = { (id: Int) in names[id] ?? "—" }
        let t = { (s: Int?) in s.map(BeijingTime.format(seconds:)) ?? "" }
        let (title, header, rows): (String, [String], [[String]])
        switch list {
        case .reports:
            let workplaces = Dictionary(uniqueKeysWithValues: try await Workplace.query(on: req.db).all().map { ($0.id ?? 0, $0.name) })
            (title, header, rows) = ("报到登记", ["类型", "姓名或单位", "社区", "工作单位", "服务意向", "状态", "退回原因", "报到时间", "处理时间"],
                try await ReportIn.query(on: req.db).within(scope, \.$path).sort(\.$reportedAt).limit(Self.limit).all().map {
                    [$0.kind.label, $0.name, c($0.communityID), $0.workplaceID.flatMap { workplaces[$0] } ?? "", $0.intentions, $0.status.label, $0.reason, t($0.reportedAt), t($0.decidedAt)]
                })
        case .unreported:
            let members = try await Unreported.members(in: scope, on: req.db).prefix(Self.limit)
            let addresses = try await RegistryDirectory.addresses(of: Set(members.map(\.path)), on: req.db)
            (title, header, rows) = ("未报到的在职党员", ["姓名", "住址", "登记的工作单位"], members.map { [$0.name, addresses[$0.path] ?? "", $0.workplace ?? ""] })
        case .workplaces:
            (title, header, rows) = ("工作单位名录", ["单位名称", "单位党组织", "联系人及电话", "地址"],
                try await Workplace.query(on: req.db).sort(\.$name).limit(Self.limit).all().map { [$0.name, $0.partyOrganization, $0.contact, $0.address] })
        case .activities:
            let activities = try await ServiceActivity.query(on: req.db).within(scope, \.$path).sort(\.$startsAt).limit(Self.limit).all()
            let signUps = Dictionary(grouping: try await ActivitySignUp.query(on: req.db).filter(\.$activityID ~~ activities.compactMap(\.id)).all(), by: \.activityID)
            (title, header, rows) = ("志愿服务活动", ["类型", "活动", "社区", "开始", "结束", "地点", "报名", "签到"],
                activities.map { a in
                    let s = signUps[a.id ?? 0] ?? []
                    return [a.kind.label, a.title, c(a.communityID), t(a.startsAt), t(a.endsAt), a.venue, String(s.count), String(s.count { $0.checkedInAt != nil })]
                })
        case .needs:
            (title, header, rows) = ("需求清单", ["类型", "需求", "说明", "社区", "状态", "提出", "时间"],
                try await ServiceNeed.query(on: req.db).within(scope, \.$path).sort(\.$placedAt).limit(Self.limit).all().map {
                    [$0.kind.label, $0.title, $0.detail, c($0.communityID), $0.status.label, $0.placedBy, t($0.placedAt)]
                })
        case .resources:
            (title, header, rows) = ("资源清单", ["类型", "资源", "说明", "提供方", "社区", "可用时间", "状态"],
                try await ServiceResource.query(on: req.db).within(scope, \.$path).sort(\.$offeredAt).limit(Self.limit).all().map {
                    [$0.kind.label, $0.title, $0.detail, $0.provider, c($0.communityID), $0.availability, $0.status.label]
                })
        case .projects:
            (title, header, rows) = ("项目清单", ["项目", "社区", "协议内容", "签订日期", "状态", "成果", "完成日期"],
                try await ServiceProject.query(on: req.db).within(scope, \.$path).sort(\.$agreedOn).limit(Self.limit).all().map {
                    [$0.title, c($0.communityID), $0.agreement, $0.agreedOn, $0.status.label, $0.result, $0.completedOn ?? ""]
                })
        case .hours:
            let entries = try await ServiceHours.query(on: req.db).within(scope, \.$path).sort(\.$servedOn).limit(Self.limit).all()
            let members = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.partyMembers(ids: Array(Set(entries.map(\.memberID))), on: req.db).map { ($0.id, $0.name) })
            (title, header, rows) = ("服务时长", ["姓名", "服务日期", "服务内容", "小时", "社区", "确认人", "确认时间"],
                entries.map { [members[$0.memberID] ?? "—", $0.servedOn, $0.what, ServiceFigures.hours($0.minutes), c($0.communityID), $0.confirmedBy, t($0.confirmedAt)] })
        }
        return try await req.download(title: title, header: header, rows: rows, action: "export-service-list", target: ServicePaths.export(list.rawValue))
    }
}
