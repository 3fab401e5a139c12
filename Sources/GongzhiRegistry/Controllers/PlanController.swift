import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// The subdistrict's plan: how many places have an outline, and a GeoJSON file from a GIS tool to give them theirs
/// (the campaign wall and the census areas draw them).
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.plan, use: page)
        routes.allow(Role.placeEditors)
            .on(.POST, RegistryPaths.plan.pattern, body: .collect(maxSize: ByteCount(value: CSRFProtection.maxBody)), use: upload)
    }

    struct Model: Encodable, Sendable {
        let figures: [Highlight.Figure]; let plan: String; let framed: Bool; let canImport: Bool; let errors: [String]?
    }

    @Sendable func page(req: Request) async throws -> Response { try await render(req, problems: []) }

    func render(_ req: Request, problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let places = try await Place.query(on: req.db).filter(\.$kind ~~ [.community, .compound, .building]).within(scope, \.$path).all()
        let figures = [PlaceKind.community, .compound, .building].map { kind in
            let own = places.filter { $0.kind == kind }
            return Highlight.Figure(kind.label, "\(own.filter { $0.geometry != nil }.count)/\(own.count)")
        }
        var map = PlanMap()
        map.ground = places.filter { $0.kind == .community }.compactMap { p in p.geometry.map { .init(polygon: $0, label: p.name, title: p.name, cssClass: "ground") } }
        map.marks = places.filter { $0.kind != .community }.compactMap { p in
            p.geometry.map { .init(polygon: $0, title: p.address, cssClass: p.kind == .compound ? "ground-inner" : "st-notStarted", link: RegistryPaths.place(p.id ?? 0)) }
        }
        let model = Model(figures: figures, plan: map.svg(title: "平面图"), framed: try await Setting.get(PlanImport.frameKey, on: req.db) != nil,
                          canImport: user.hasAny(Role.placeEditors), errors: problems.map(\.message).nonEmpty)
        return try await req.page("registry/plan", title: "平面图", breadcrumbs: [.init("地点", RegistryPaths.places.description), .init("平面图")], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Upload: Content { var file: File? }

    @Sendable func upload(req: Request) async throws -> Response {
        guard let file = try req.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
            return try await render(req, problems: [FieldProblem("file", "请选择GeoJSON文件")])
        }
        do {
            let outcome = try await PlanImport.run(Data(buffer: file.data), scope: try req.currentUser.scope(for: Role.placeEditors), on: req.db)
            try await req.audit(action: "import-plan", target: RegistryPaths.plan.description, detail: "导入\(outcome.matched)个地点的轮廓")
            return req.redirect(to: RegistryPaths.plan.description, notice: "已导入\(outcome.matched)个地点的轮廓" + (outcome.firstFrame && outcome.cleared > 0 ? "，原有\(outcome.cleared)个示意轮廓已清除。" : "。"))
        } catch AppError.invalid(let problems) {
            return try await render(req, problems: problems)
        }
    }
}
