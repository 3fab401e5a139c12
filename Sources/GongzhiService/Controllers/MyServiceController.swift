import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// A party member's or a unit contact's own page, on a phone: report in, claim what residents of their community ask,
/// say it is done, sign up for activities, offer resources, and see their confirmed hours.
struct MyServiceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.mine, use: index)
        routes.post(ServicePaths.myReport, use: report)
        routes.post(ServicePaths.myClaim, use: claim)
        routes.post(ServicePaths.myDelivery, use: deliver)
        routes.post(ServicePaths.myCancel, use: cancel)
        routes.post(ServicePaths.mySignUp, use: signUp)
        routes.post(ServicePaths.myOffer, use: offer)
    }

    struct Model: Encodable, Sendable {
        struct Need: Encodable, Sendable { let id: Int; let title: String; let kind: String; let detail: String?; let place: String }
        struct Claim: Encodable, Sendable { let id: Int; let title: String; let status: String; let open: Bool; let hours: String?; let reason: String? }
        struct Activity: Encodable, Sendable { let id: Int; let title: String; let kind: String; let time: String; let venue: String; let signedUp: Bool }
        let name: String; let isMember: Bool; let community: String
        let report: String?; let reportStatus: String?; let returnedReason: String?; let canReport: Bool; let confirmed: Bool
        let workplacePicker: Picker?; let needs: [Need]?; let claims: [Claim]?; let activities: [Activity]?
        let quarter: String; let hours: String; let services: Int
        let kinds: [NeedController.Choice]; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, input: [:], problems: []) }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem], status: HTTPResponseStatus? = nil) async throws -> Response {
        let server = try await ServiceDesk.Server.signedIn(req)
        let community = try await RegistryDirectory.community(of: server.path, on: req.db)
        let latest = try await ServiceDesk.latestReport(of: server, on: req.db)
        let standing = latest?.status == .returned ? nil : latest
        let confirmed = standing?.status == .confirmed
        let now = Int(req.gongzhi.now().timeIntervalSince1970)
        var needs: [Model.Need] = [], activities: [Model.Activity] = []
        if confirmed, let community {
            let open = try await ServiceNeed.query(on: req.db).filter(\.$communityID == community.id).filter(\.$status == .open)
                .sort(\.$placedAt, .descending).limit(30).all()
            let addresses = try await RegistryDirectory.addresses(of: Set(open.map(\.path)), on: req.db)
            needs = try open.map { .init(id: try $0.requireID(), title: $0.title, kind: $0.kind.label, detail: $0.detail.nonEmpty, place: Self.near(addresses[$0.path] ?? "")) }
            if let member = server.memberID {
                let upcoming = try await ServiceActivity.query(on: req.db).filter(\.$communityID == community.id).filter(\.$endsAt > now).sort(\.$startsAt).limit(20).all()
                let mine = Set(try await ActivitySignUp.query(on: req.db).filter(\.$memberID == member).all().map(\.activityID))
                activities = try upcoming.map { a in .init(id: try a.requireID(), title: a.title, kind: a.kind.label, time: String(BeijingTime.format(seconds: a.startsAt).prefix(16)),
                                                           venue: a.venue, signedUp: mine.contains(try a.requireID())) }
            }
        }
        let claimQuery = ServiceClaim.query(on: req.db).sort(\.$id, .descending).limit(30)
        if let m = server.memberID { claimQuery.filter(\.$memberID == m) } else { claimQuery.filter(\.$organizationID == server.organizationID) }
        let claims = try await claimQuery.all()
        let titles = Dictionary(uniqueKeysWithValues: try await ServiceNeed.query(on: req.db).filter(\.$id ~~ claims.map(\.needID)).all().map { ($0.id ?? 0, $0.title) })
        let quarter = Quarter(containing: BeijingTime.day(of: req.gongzhi.now()))
        var minutes = 0, services = 0
        if let m = server.memberID {
            let served = try await ServiceHours.query(on: req.db).filter(\.$memberID == m)
                .filter(\.$servedOn >= quarter.first.description).filter(\.$servedOn <= quarter.last.description).all()
            minutes = served.reduce(0) { $0 + $1.minutes }; services = served.count
        }
        let workplaces = server.kind == .member && standing == nil ? try await Workplace.query(on: req.db).sort(\.$name).all() : []
        let model = Model(
            name: server.name, isMember: server.kind == .member, community: community?.name ?? "—",
            report: latest.map { "\(BeijingTime.format(seconds: $0.reportedAt).prefix(10))向\(community?.name ?? "社区")报到" }, reportStatus: latest?.status.label,
            returnedReason: latest?.status == .returned ? latest?.reason : nil, canReport: standing == nil, confirmed: confirmed,
            workplacePicker: standing == nil && server.kind == .member ? ServiceController.workplacePicker(workplaces, selected: input["workplaceID"], error: problems.byField["workplaceID"]) : nil,
            needs: needs.nonEmpty,
            claims: try claims.map { c in .init(id: try c.requireID(), title: titles[c.needID] ?? "—", status: c.status.label, open: c.status == .claimed,
                                                 hours: c.minutes > 0 ? ServiceFigures.hours(c.minutes) : nil, reason: c.reason.nonEmpty) }.nonEmpty,
            activities: activities.nonEmpty, quarter: quarter.label, hours: ServiceFigures.hours(minutes), services: services,
            kinds: ResourceKind.allCases.map { .init(value: $0.rawValue, label: $0.label) }, input: input, errors: FormErrors(problems))
        return try await req.page("service/mine", title: "我的服务", breadcrumbs: [.init("我的服务")], model,
                                  status: status ?? (problems.isEmpty ? .ok : .unprocessableEntity))
    }

    /// A need's place as a claimant sees it before claiming: the building, not the door.
    static func near(_ address: String) -> String {
        guard let range = address.range(of: "号楼", options: .backwards) else { return address }
        return String(address[..<range.upperBound])
    }

    struct ReportForm: Content { var workplaceID: String?; var intentions: String? }

    @Sendable func report(req: Request) async throws -> Response {
        let server = try await ServiceDesk.Server.signedIn(req)
        let form = try req.content.decode(ReportForm.self)
        do {
            _ = try await ServiceDesk.reportIn(server, .init(workplaceID: form.workplaceID ?? "", intentions: form.intentions ?? ""), author: try Author(req), on: req.db)
        } catch AppError.invalid(let problems) {
            return try await render(req, input: ["workplaceID": form.workplaceID ?? "", "intentions": form.intentions ?? ""], problems: problems.map {
                FieldProblem($0.field == "memberID" ? "report" : $0.field, $0.message)
            }, status: problems.contains(where: \.isConflict) ? .conflict : nil)
        }
        return req.redirect(to: ServicePaths.mine.description, notice: "已提交报到，社区确认后即可认领居民的需求。")
    }

    /// A need the signed-in member or unit may act on: one of their own community (any other is answered as missing).
    func need(_ req: Request, _ server: ServiceDesk.Server) async throws -> ServiceNeed {
        guard let need = try await ServiceNeed.find(try req.routeID(), on: req.db),
              try await RegistryDirectory.community(of: server.path, on: req.db)?.id == need.communityID else { throw AppError.forbidden }
        return need
    }

    @Sendable func claim(req: Request) async throws -> Response {
        let server = try await ServiceDesk.Server.signedIn(req)
        let need = try await need(req, server)
        _ = try await ServiceDesk.claim(need, by: server, author: try Author(req), on: req.db)
        return req.redirect(to: "\(ServicePaths.mine)#claims", notice: "已认领“\(need.title)”，完成后请在这里提交服务情况。")
    }

    /// A claim of the signed-in member or unit.
    func ownClaim(_ req: Request, _ server: ServiceDesk.Server) async throws -> ServiceClaim {
        guard let claim = try await ServiceClaim.find(try req.routeID(), on: req.db),
              claim.memberID == server.memberID && claim.organizationID == server.organizationID else { throw AppError.forbidden }
        return claim
    }

    struct DeliveryForm: Content { var hours: String?; var note: String? }

    @Sendable func deliver(req: Request) async throws -> Response {
        let server = try await ServiceDesk.Server.signedIn(req)
        let claim = try await ownClaim(req, server)
        let form = try req.content.decode(DeliveryForm.self)
        do { try await ServiceDesk.deliver(claim, hours: form.hours ?? "", note: form.note ?? "", author: try Author(req), on: req.db) }
        catch AppError.invalid(let problems) {
            return try await render(req, input: ["claim": String(try claim.requireID()), "hours": form.hours ?? "", "note": form.note ?? ""], problems: problems)
        }
        return req.redirect(to: "\(ServicePaths.mine)#claims", notice: "已提交，等居民确认后计入服务时长。")
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        let server = try await ServiceDesk.Server.signedIn(req)
        let claim = try await ownClaim(req, server)
        try await ServiceDesk.cancel(claim, author: try Author(req), on: req.db)
        return req.redirect(to: "\(ServicePaths.mine)#claims", notice: "已放弃认领，需求重新开放。")
    }

    @Sendable func signUp(req: Request) async throws -> Response {
        guard case .member(let member) = try await ServiceDesk.Server.signedIn(req) else { throw AppError.forbidden }
        guard let activity = try await ServiceActivity.find(try req.routeID(), on: req.db),
              try await RegistryDirectory.community(of: member.path, on: req.db)?.id == activity.communityID else { throw AppError.forbidden }
        try await ServiceDesk.signUp(activity, member: member, author: try Author(req), on: req.db)
        return req.redirect(to: "\(ServicePaths.mine)#activities", notice: "已报名“\(activity.title)”，请按时到场，由组织者签到。")
    }

    struct OfferForm: Content { var kind: String?; var title: String?; var detail: String?; var availability: String? }

    @Sendable func offer(req: Request) async throws -> Response {
        let server = try await ServiceDesk.Server.signedIn(req)
        let form = try req.content.decode(OfferForm.self)
        guard let community = try await ServiceDesk.confirmedCommunity(of: server, on: req.db) else {
            throw AppError.conflict("报到经社区确认后才能登记资源")
        }
        do {
            _ = try await ServiceDesk.offer(.init(kind: form.kind ?? "", title: form.title ?? "", detail: form.detail ?? "", availability: form.availability ?? ""),
                                            by: server, communityID: community, author: try Author(req), on: req.db)
        } catch AppError.invalid(let problems) {
            return try await render(req, input: ["kind": form.kind ?? "", "title": form.title ?? "", "detail": form.detail ?? "", "availability": form.availability ?? ""], problems: problems)
        }
        return req.redirect(to: ServicePaths.mine.description, notice: "已登记资源，社区会与需求对接。")
    }
}
