import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// A resident's needs and small wishes for their household, on a phone: place one, see who claimed it, and confirm it
/// was done (or say it was not). Only their own household's.
struct MyNeedsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.myNeeds, use: index)
        routes.post(ServicePaths.myNeeds, use: place)
        routes.post(ServicePaths.myConfirm, use: confirm)
        routes.post(ServicePaths.myReturn, use: giveBack)
    }

    /// The signed-in resident's household and where it lives.
    func household(_ req: Request) async throws -> RegistryDirectory.HouseholdEntry {
        guard let person = try req.currentUser.person, person.kind == .resident,
              let id = try await RegistryDirectory.householdID(ofResident: person.id, on: req.db),
              let household = try await RegistryDirectory.households(ids: [id], adultsOn: BeijingTime.day(of: req.gongzhi.now()), on: req.db).first
        else { throw AppError.forbidden }
        return household
    }

    struct Model: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: Int; let title: String; let kind: String; let status: String; let placed: String
            let claimant: String?; let claimID: Int?; let awaiting: Bool; let note: String; let hours: String
        }
        let address: String; let items: [Item]?; let kinds: [NeedController.Choice]; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, input: [:], problems: []) }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let household = try await household(req)
        let needs = try await ServiceNeed.query(on: req.db).filter(\.$householdID == household.id).sort(\.$id, .descending).limit(50).all()
        let claims = try await ServiceClaim.query(on: req.db).filter(\.$needID ~~ needs.compactMap(\.id)).sort(\.$id).all()
        let current = Dictionary(claims.map { ($0.needID, $0) }) { _, later in later }
        let items = try needs.map { n -> Model.Item in
            let c = current[try n.requireID()].flatMap { $0.status == .returned || $0.status == .cancelled ? nil : $0 }
            return .init(id: try n.requireID(), title: n.title, kind: n.kind.label, status: n.status.label, placed: String(BeijingTime.format(seconds: n.placedAt).prefix(10)),
                         claimant: c?.claimant, claimID: c?.id, awaiting: c?.status == .delivered, note: c?.note ?? "",
                         hours: (c?.minutes ?? 0) > 0 ? ServiceFigures.hours(c!.minutes) : "")
        }
        return try await req.page("service/my-needs", title: "我家的需求", breadcrumbs: [.init("我家的需求")],
                                  Model(address: household.address, items: items.nonEmpty, kinds: NeedKind.allCases.map { .init(value: $0.rawValue, label: $0.label) },
                                        input: input, errors: FormErrors(problems)),
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content { var kind: String?; var title: String?; var detail: String? }

    @Sendable func place(req: Request) async throws -> Response {
        let household = try await household(req)
        let form = try req.content.decode(Form.self)
        do {
            _ = try await ServiceDesk.placeNeed(.init(kind: form.kind ?? "", title: form.title ?? "", detail: form.detail ?? ""),
                                                at: household.path, householdID: household.id, author: try Author(req), on: req.db)
        } catch AppError.invalid(let problems) {
            return try await render(req, input: ["kind": form.kind ?? "", "title": form.title ?? "", "detail": form.detail ?? ""], problems: problems)
        }
        return req.redirect(to: ServicePaths.myNeeds.description, notice: "已提交，社区报到的党员和单位可以认领。")
    }

    /// A claim of a need of the resident's own household.
    func claim(_ req: Request) async throws -> ServiceClaim {
        let household = try await household(req)
        guard let claim = try await ServiceClaim.find(try req.routeID(), on: req.db),
              let need = try await ServiceNeed.find(claim.needID, on: req.db), need.householdID == household.id else { throw AppError.forbidden }
        return claim
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let claim = try await claim(req)
        try await ServiceDesk.confirm(claim, author: try Author(req), on: req.db)
        return req.redirect(to: ServicePaths.myNeeds.description, notice: "已确认完成，谢谢您的反馈。")
    }

    struct ReturnForm: Content { var reason: String? }

    @Sendable func giveBack(req: Request) async throws -> Response {
        let claim = try await claim(req)
        let reason = (try? req.content.decode(ReturnForm.self))?.reason ?? ""
        do { try await ServiceDesk.returnClaim(claim, reason: reason, author: try Author(req), on: req.db) }
        catch AppError.invalid(let problems) { return try await render(req, input: [:], problems: problems) }
        return req.redirect(to: ServicePaths.myNeeds.description, notice: "已反馈未完成，需求重新开放认领。")
    }
}
