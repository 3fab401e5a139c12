import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// The registry (基础台账): places, people and organisations. Other modules reach it only through this API.
public enum RegistryModule {
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }

    public static func boot(_ app: Application, routes: any RoutesBuilder) throws {
        for item in [NavItem("概览", path: "/overview", roles: [.subdistrictWorker]),
                     NavItem("地点", path: "/places", roles: Role.business),
                     NavItem("居民", path: "/residents", roles: Role.business),
                     NavItem("党组织", path: "/party", roles: Role.business),
                     NavItem("单位", path: "/organizations", roles: Role.business),
                     NavItem("导入导出", path: "/exchange", roles: Role.business)] {
            app.gongzhi.register(item)
        }
        app.databases.middleware.use(RegistryRevision.Middleware())
        app.gongzhi.register(HighlightSource(order: 5) { db, path in try await PositionsHighlight.load(at: path, on: db) })
        app.gongzhi.places = PlaceDirectory(
            find: { db, id in try await Place.find(id, on: db).map { .init(id: $0.id!, name: $0.name, path: $0.path) } },
            choices: { db in
                try await Place.query(on: db).filter(\.$kind ~~ [.subdistrict, .community]).sort(\.$depth).sort(\.$sortOrder).all()
                    .map { .init(id: $0.id!, name: $0.name, path: $0.path) }
            })
        try routes.register(collection: OverviewController())
        try routes.register(collection: SetupController())
        let business = routes.allow(Role.business)
        try business.register(collection: PlaceController())
        try business.register(collection: ResidentController())
        try business.register(collection: PartyController())
        try business.register(collection: PartyMemberController())
        try business.register(collection: OrganizationController())
        try business.register(collection: FacilityController())
        try business.register(collection: ExchangeController())
        try business.grouped("api", "v1").register(collection: RegistryAPI())
        try business.grouped("api", "v1").register(collection: PartyAPI())
    }

    /// The profile paragraph of each subdistrict, counted from records (`gongzhi report profile`).
    public static func profiles(on db: any Database) async throws -> [(name: String, path: String, paragraph: String)] {
        var result: [(String, String, String)] = []
        for s in try await Subdistricts.all(on: db) { result.append((s.name, s.path, try await ProfileQuery.profile(of: s, on: db).paragraph)) }
        return result
    }

    /// The registry's sealed columns (ID and phone numbers of residents and of party members who are not residents).
    public static let sealedColumns: [KeyRotation.Columns] = [
        .init(table: Resident.schema, sealed: ["id_sealed", "phone_sealed"], hash: "id_hash"),
        .init(table: PartyMember.schema, sealed: ["id_sealed", "phone_sealed"], hash: "id_hash"),
    ]

    /// The root path of the first subdistrict: the scope of command-line jobs.
    public static func rootScope(on db: any Database) async throws -> PlaceScope {
        PlaceScope(paths: try await Subdistricts.all(on: db).map(\.path))
    }
}
