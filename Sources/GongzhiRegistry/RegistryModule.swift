import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// The registry (基础台账): places, people and organisations. Other modules reach it only through this API.
public enum RegistryModule: GongzhiModule {
    public static let name = RegistryRevision.name
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static var migrations: [any Migration] { RegistryMigrations.all }
    public static let addresses = RegistryPaths.all
    public static let navigation = [NavItem("概览", path: RegistryPaths.overview, roles: [.subdistrictWorker]),
                                    NavItem("地点", path: RegistryPaths.places, roles: Role.business),
                                    NavItem("居民", path: RegistryPaths.residents, roles: Role.business),
                                    NavItem("党组织", path: RegistryPaths.party, roles: Role.business),
                                    NavItem("单位", path: RegistryPaths.organizations, roles: Role.business),
                                    NavItem("导入导出", path: RegistryPaths.exchange, roles: Role.business),
                                    NavItem("我的", path: RegistryPaths.mine, roles: Role.people)]
    public static let highlight: HighlightSource? = { db, path, period in try await PositionsHighlight.load(at: path, period: period, on: db) }
    public static let residentDependents = [PartyMemberHomes.followResidents]
    public static var modelMiddleware: [any AnyModelMiddleware] { [NameKeys(), RegistryRevision.Middleware()] }

    public static func provide(to gongzhi: Gongzhi) {
        gongzhi.places = PlaceDirectory(
            find: { db, id in try await Place.find(id, on: db).map { .init(id: try $0.requireID(), name: $0.name, path: $0.path) } },
            choices: { db in
                try await Place.query(on: db).filter(\.$kind ~~ [.subdistrict, .community]).sort(\.$depth).sort(\.$sortOrder).all()
                    .map { .init(id: try $0.requireID(), name: $0.name, path: $0.path) }
            })
        let vault = gongzhi.vault
        gongzhi.households = HouseholdRoll { db, household, text, today in
            let number: CitizenID
            do { number = try CitizenID(text) } catch { return .invalid(String(describing: error)) }
            guard let resident = try await Resident.query(on: db).filter(\.$householdID == household).filter(\.$idHash ~~ vault.searchHashes(number.value)).first()
            else { return .notMember }
            guard number.birthDate.age(on: today) >= 18 else { return .minor }
            return .adult(residentID: try resident.requireID(), name: resident.name, placeID: PlaceScope.ids(in: resident.path).last ?? 0, placePath: resident.path)
        }
    }

    public static func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: OverviewController())
        try routes.register(collection: SetupController())
        let business = routes.allow(Role.business)
        try business.register(collection: PlaceController())
        try business.register(collection: PlanController())
        try business.register(collection: ResidentController())
        try business.register(collection: PartyController())
        try business.register(collection: PartyMemberController())
        try business.register(collection: OrganizationController())
        try business.register(collection: FacilityController())
        try business.register(collection: ExchangeController())
        try business.register(collection: RegistryAPI())
        try business.register(collection: PartyAPI())
        try routes.register(collection: PeopleController())
    }

    /// The registry's demo part is the subdistrict itself (`DemoSubdistrict`), loaded before every module's.
    public static func loadDemo(on db: any Database, demo: DemoContext) async throws {}

    /// The profile paragraph of each subdistrict, counted from records (`gongzhi report profile`).
    public static func profiles(on db: any Database) async throws -> [(name: String, path: String, paragraph: String)] {
        var result: [(String, String, String)] = []
        for s in try await Subdistricts.all(on: db) { result.append((s.name, s.path, try await ProfileQuery.profile(of: s, on: db).paragraph)) }
        return result
    }

    /// The registry's sealed columns (ID and phone numbers of residents and of party members who are not residents).
    public static var sealedColumns: [KeyRotation.Columns] { [
        .init(table: Resident.schema, sealed: ["id_sealed", "phone_sealed"], hash: "id_hash"),
        .init(table: PartyMember.schema, sealed: ["id_sealed", "phone_sealed"], hash: "id_hash"),
        .init(table: Place.schema, sealed: ["owner_id_sealed"], hash: "owner_id_hash"),
    ] }

    /// The root path of the first subdistrict: the scope of command-line jobs.
    public static func rootScope(on db: any Database) async throws -> PlaceScope {
        PlaceScope(paths: try await Subdistricts.all(on: db).map(\.path))
    }
}
