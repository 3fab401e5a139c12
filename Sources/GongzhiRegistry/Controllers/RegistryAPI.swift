import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// The registry's JSON API under `/api/v1`, with the same scopes and rules as the pages.
struct RegistryAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.API.profile, use: profile)
        routes.get(RegistryPaths.API.place, use: place)
        routes.get(RegistryPaths.API.residents, use: residents)
        routes.post(RegistryPaths.API.residentFind, use: findResident)
        routes.get(RegistryPaths.API.resident, use: resident)
        routes.patch(RegistryPaths.API.resident, use: patchResident)
    }

    struct ProfileDTO: Content { let subdistrictID: Int; let name: String; let paragraph: String; let profile: SubdistrictProfile }

    @Sendable func profile(req: Request) async throws -> [ProfileDTO] {
        let user = try req.currentUser
        var result: [ProfileDTO] = []
        for s in try await Subdistricts.all(on: req.db) where user.scope().contains(s.path) {
            let p = try await ProfileQuery.profile(of: s, on: req.db)
            result.append(ProfileDTO(subdistrictID: try s.requireID(), name: s.name, paragraph: p.paragraph, profile: p))
        }
        guard !result.isEmpty else { throw AppError.forbidden }
        return result
    }

    @Sendable func place(req: Request) async throws -> PlaceDTO {
        let place = try await req.visible(Place.self, path: \.$path)
        let children = try await Place.query(on: req.db).filter(\.$parentID == place.id).sort(\.$sortOrder).limit(1_000).all()
        return try place.toDTO(children: children.map { try $0.toDTO() })
    }

    @Sendable func residents(req: Request) async throws -> PageDTO<ResidentDTO> {
        let user = try req.currentUser
        let criteria = try ResidentSearch(query: req)
        let list = try ListQuery(req, sortable: ["name", "birth", "address"], defaultSort: "name")
        let result = try await criteria.run(user.scope(), vault: req.gongzhi.vault, list: list, on: req.db)
        return PageDTO(total: result.total, page: list.page, perPage: list.perPage, items: try result.residents.map { try $0.toDTO() })
    }

    struct FindBody: Content { var idNumber: String }

    /// Look-up by full ID number with the number in the body, so it stays out of URLs and proxy logs:
    /// the residents within the caller's places who hold it (none or one).
    @Sendable func findResident(req: Request) async throws -> PageDTO<ResidentDTO> {
        let user = try req.currentUser
        let list = try ListQuery(req, sortable: ["name"], defaultSort: "name")
        try req.requireOnlyFields(["idNumber"])
        let number = try req.content.decode(FindBody.self).idNumber
        let result = try await ResidentSearch(lookingUp: number).run(user.scope(), vault: req.gongzhi.vault, list: list, on: req.db)
        try await ResidentSearch.audit(number, found: result.total, on: req)
        return PageDTO(total: result.total, page: list.page, perPage: list.perPage, items: try result.residents.map { try $0.toDTO() })
    }

    @Sendable func resident(req: Request) async throws -> ResidentDTO {
        try await req.visible(Resident.self, path: \.$path).toDTO()
    }

    @Sendable func patchResident(req: Request) async throws -> ResidentDTO {
        let resident = try await req.visible(Resident.self, path: \.$path)
        try req.requireOnlyFields(["name", "idNumber", "phone", "residency", "tags", "relation", "version"])
        let patch = try req.content.decode(ResidentPatch.self)
        try await ResidentWriter.update(resident, patch.input(over: resident), readAt: try VersionStamp.read(req), vault: req.gongzhi.vault, on: req.db)
        return try resident.toDTO()
    }
}
