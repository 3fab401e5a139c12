import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Party organisations, party members, units and facilities in the JSON API under `/api/v1`, with the pages' scopes
/// and checks: a member changed here is checked as on their page and recounted the same way.
struct PartyAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.API.partyOrganizations, use: organizations)
        routes.get(RegistryPaths.API.partyMembers, use: members)
        routes.get(RegistryPaths.API.partyMember, use: member)
        routes.allow(Role.placeEditors).patch(RegistryPaths.API.partyMember, use: patchMember)
        routes.get(RegistryPaths.API.organizations, use: units)
        routes.get(RegistryPaths.API.facilities, use: facilities)
    }

    @Sendable func organizations(req: Request) async throws -> [PartyOrganizationDTO] {
        try await PartyQueries.tree(scope: try req.currentUser.scope(), on: req.db).map { n in
            PartyOrganizationDTO(id: try n.org.requireID(), parentID: n.org.parentID, kind: n.org.kind.rawValue, kindLabel: n.org.kind.label, name: n.org.name,
                                 placeID: n.org.placeID, foundedOn: n.org.foundedOn, depth: n.depth, members: n.members, membersTotal: n.total)
        }
    }

    @Sendable func members(req: Request) async throws -> PageDTO<PartyMemberDTO> {
        let user = try req.currentUser
        let filter = try PartyQueries.MemberFilter(req)
        let list = try ListQuery(req, sortable: PartyQueries.MemberFilter.sorts, defaultSort: "name")
        let result = try await PartyQueries.members(filter, scope: user.scope(), list: list, on: req.db)
        return PageDTO(total: result.total, page: list.page, perPage: list.perPage, items: try result.rows.map { try $0.toDTO() })
    }

    @Sendable func member(req: Request) async throws -> PartyMemberDTO {
        try await Self.dto(try await req.visible(PartyMember.self, path: \.$path), req)
    }

    /// A change to a member: absent fields stay as they are.
    struct MemberPatch: Content { var category: String?; var organizationID: Int?; var joinedOn: String?; var workplace: String? }

    @Sendable func patchMember(req: Request) async throws -> PartyMemberDTO {
        let member = try await req.visible(PartyMember.self, path: \.$path)
        try req.requireOnlyFields(["category", "organizationID", "joinedOn", "workplace", "version"])
        let patch = try req.content.decode(MemberPatch.self)
        // An organisation the caller cannot see is answered as any record elsewhere: the same 403 as a missing one.
        if let id = patch.organizationID,
           try await PartyOrganization.find(id: id, within: try req.currentUser.scope(), path: \.$path, on: req.db) == nil {
            throw AppError.forbidden
        }
        let stamp = try VersionStamp.read(req)
        try await Versioning.check(member, readAt: stamp, on: req.db)
        let form = PartyMemberWriter.Form(category: patch.category ?? member.category.rawValue,
                                          organizationID: String(patch.organizationID ?? member.organizationID),
                                          joinedOn: patch.joinedOn ?? member.joinedOn, workplace: patch.workplace ?? member.workplace, phone: nil)
        let details = try await PartyMemberWriter.Details.check(form, scope: try req.currentUser.scope(), on: req.db)
        try await details.save(member, readAt: stamp, vault: req.gongzhi.vault, on: req.db)
        return try await Self.dto(member, req)
    }

    static func dto(_ member: PartyMember, _ req: Request) async throws -> PartyMemberDTO {
        let rows = try await PartyQueries.members(.init(memberID: member.id), scope: PlaceScope(paths: [member.path]), list: nil, on: req.db).rows
        guard let row = rows.first else { throw AppError.forbidden }
        return try row.toDTO()
    }

    @Sendable func units(req: Request) async throws -> PageDTO<OrganizationDTO> {
        let filter = OrganizationQueries.Filter(kind: try req.queryChoice("kind", OrganizationKind.self, label: "单位类型"),
                                                redOnly: try req.queryFlag("redProperty", label: "只看红色物业") ?? false)
        let list = try ListQuery(req, sortable: OrganizationQueries.organizationSorts, defaultSort: "kind")
        let (total, rows) = try await OrganizationQueries.organizations(filter, scope: try req.currentUser.scope(), list: list, on: req.db)
        return PageDTO(total: total, page: list.page, perPage: list.perPage, items: try rows.map { try $0.toDTO() })
    }

    @Sendable func facilities(req: Request) async throws -> PageDTO<FacilityDTO> {
        let list = try ListQuery(req, sortable: OrganizationQueries.facilitySorts, defaultSort: "kind")
        let (total, rows) = try await OrganizationQueries.facilities(scope: try req.currentUser.scope(), list: list, on: req.db)
        return PageDTO(total: total, page: list.page, perPage: list.perPage, items: try rows.map { try $0.toDTO() })
    }
}
