import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The campaign as JSON (in the OpenAPI document) and as .xlsx, for its own census roles, within their areas.
struct CensusAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CensusPaths.API.campaigns, use: campaigns)
        routes.get(CensusPaths.API.areas, use: areas)
        routes.get(CensusPaths.API.progress, use: progress)
        routes.get(CensusPaths.API.visits, use: visits)
        routes.get(CensusPaths.export, use: export)
    }

    static let limit = 50_000

    struct CampaignDTO: Content { let id: Int, kind: CensusKind, name: String, standardTime: String, role: CensusRoleKind, startedAt: Int?, closedAt: Int?, purgedAt: Int? }
    @Sendable func campaigns(req: Request) async throws -> [CampaignDTO] {
        try await CensusSeat.campaigns(of: try req.currentUser, on: req.db).map { c, m in
            CampaignDTO(id: try c.requireID(), kind: c.kind, name: c.name, standardTime: c.standardTime, role: m.kind, startedAt: c.startedAt, closedAt: c.closedAt, purgedAt: c.purgedAt)
        }
    }

    struct AreaDTO: Content { let id: Int, number: Int, communityID: Int, placeIDs: [Int], enumerator: String?, households: Int, settled: Int, registered: Int }
    @Sendable func areas(req: Request) async throws -> [AreaDTO] {
        let seat = try await CensusSeat.load(req)
        let p = try await ReportController.progress(seat, on: req.db)
        let parts = Dictionary(grouping: try await CensusCounts.parts(seat.campaign, on: req.db), by: \.areaID)
        return p.areas.map { a in
            let t = p.tallies[a.id ?? 0] ?? Tally()
            return AreaDTO(id: a.id ?? 0, number: a.number, communityID: a.communityID, placeIDs: (parts[a.id ?? 0] ?? []).map(\.placeID),
                           enumerator: a.enumeratorID.flatMap { p.members[$0]?.name }, households: t.households, settled: t.settled, registered: t.registered)
        }
    }

    struct DayDTO: Content { let day: String, households: Int }
    struct ProgressDTO: Content { let households: Int, settled: Int, registered: Int, longForm: Int, longFormRegistered: Int, byStatus: [String: Int], days: [DayDTO] }
    @Sendable func progress(req: Request) async throws -> ProgressDTO {
        let p = try await ReportController.progress(try await CensusSeat.load(req), on: req.db)
        let t = p.total
        let days = Dictionary(grouping: p.daily, by: \.day).map { DayDTO(day: $0.key, households: $0.value.reduce(0) { $0 + $1.households }) }.sorted { $0.day < $1.day }
        return ProgressDTO(households: t.households, settled: t.settled, registered: t.registered, longForm: t.longForm, longFormRegistered: t.longFormRegistered,
                           byStatus: Dictionary(uniqueKeysWithValues: VisitStatus.allCases.map { ($0.rawValue, t[$0]) }), days: days)
    }

    struct VisitDTO: Content { let id: Int, areaID: Int, householdID: Int, address: String, status: VisitStatus, longForm: Bool, appointmentAt: Int?, updatedAt: Int }
    @Sendable func visits(req: Request) async throws -> [VisitDTO] {
        let seat = try await CensusSeat.load(req)
        return try await Self.visitList(req, seat: seat).map {
            VisitDTO(id: try $0.requireID(), areaID: $0.areaID, householdID: $0.householdID, address: $0.address, status: $0.status, longForm: $0.longForm,
                     appointmentAt: $0.appointmentAt, updatedAt: $0.updatedAt)
        }
    }

    /// The visits of the areas reached (one area with `area`), in address order.
    static func visitList(_ req: Request, seat: CensusSeat) async throws -> [CensusVisit] {
        let area = try req.queryID("area", label: "普查小区")
        if let area, !seat.reaches(area: area) { throw AppError.forbidden }
        var query = CensusVisit.query(on: req.db).filter(\.$campaignID == seat.campaignID)
        if let area { query = query.filter(\.$areaID == area) } else if let ids = seat.areaIDs { query = query.filter(\.$areaID ~~ Array(ids)) }
        return try await query.sort(\.$path).limit(limit).all()
    }

    enum ListName: String, CaseIterable { case areas, progress, visits }

    @Sendable func export(req: Request) async throws -> Response {
        let seat = try await CensusSeat.load(req)
        guard let list = ListName(rawValue: req.parameters.get("list") ?? "") else {
            throw AppError.badRequest("可导出的清单：\(ListName.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        let p = try await ReportController.progress(seat, on: req.db)
        let (title, header, rows): (String, [String], [[String]])
        switch list {
        case .areas:
            let parts = Dictionary(grouping: try await CensusCounts.parts(seat.campaign, on: req.db), by: \.areaID)
            let places = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: parts.values.flatMap { $0.map(\.placeID) }, on: req.db).map { ($0.id, $0) })
            let companions = Dictionary(grouping: try await CensusCompanion.query(on: req.db).filter(\.$campaignID == seat.campaignID).all(), by: \.areaID)
            (title, header, rows) = ("普查小区", ["普查小区", "社区", "楼栋/单元", "户数", "普查员", "指导员", "陪同人员"], p.areas.map { a in
                let own = parts[a.id ?? 0] ?? []
                let enumerator = a.enumeratorID.flatMap { p.members[$0] }
                return [a.label, p.communities[a.communityPath] ?? "", AreaController.partNames(own, places: places),
                        String(p.tallies[a.id ?? 0]?.households ?? own.reduce(0) { $0 + (places[$1.placeID]?.householdCount ?? 0) }),
                        enumerator?.name ?? "", enumerator?.instructorID.flatMap { p.members[$0]?.name } ?? "", (companions[a.id ?? 0] ?? []).map(\.name).joined(separator: "、")]
            })
        case .progress:
            (title, header, rows) = ("入户进度", ["普查小区", "普查员"] + ReportController.tallyColumns, p.areas.map { a in
                [a.label, a.enumeratorID.flatMap { p.members[$0]?.name } ?? ""] + ReportController.cells(p.tallies[a.id ?? 0] ?? Tally()).map(\.text)
            })
        case .visits:
            let label = Dictionary(uniqueKeysWithValues: p.areas.compactMap { a in a.id.map { ($0, a.label) } })
            (title, header, rows) = ("入户名单", ["普查小区", "住户", "状态", "长表", "预约", "备注", "更新时间"], try await Self.visitList(req, seat: seat).map { v in
                [label[v.areaID] ?? "", v.address, v.status.label, v.longForm ? "长表" : "", v.appointmentAt.map(BeijingTime.format(seconds:)) ?? "", VisitDesk.opened(v.note, vault: req.gongzhi.vault) ?? "",
                 BeijingTime.format(seconds: v.updatedAt)]
            })
        }
        return try await req.download(title: title, header: header, rows: rows, action: "export-census-list", target: CensusPaths.export(seat.campaignID, list.rawValue))
    }
}
