import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// The key figures of a subdistrict and of each of its communities, counted from records.
struct Overview: Encodable, Sendable {
    struct CommunityFigures: Encodable, Sendable {
        let id: Int, name: String, code: String, leadingOrganization: String
        let residents: Int, households: Int, dwellings: Int, partyMembers: Int
        let inService: Int, retired: Int, directlyManaged: Int, residentUnits: Int, twoNew: Int
        let geometry: String?
    }
    let subdistrictID: Int
    let name: String
    let profile: SubdistrictProfile
    let paragraph: String
    let households: Int
    let dwellings: Int
    let communities: [CommunityFigures]

    static func load(_ subdistrict: Place, on db: any Database) async throws -> Overview {
        let profile = try await ProfileQuery.profile(of: subdistrict, on: db)
        let communities = try await PlaceRow.select(on: db).where("parent_id", .equal, SQLBind(try subdistrict.requireID()))
            .where("kind", .equal, SQLBind(PlaceKind.community.rawValue)).orderBy("sort_order").places()
        let orgs = try await ProfileQuery.countsByChild(of: subdistrict, Organization.schema, "kind", on: db)
        let leading = try await PartyOrganization.query(on: db).filter(\.$kind ~~ PartyOrganizationKind.communityLeading)
            .filter(\.$placeID ~~ communities.map(\.id)).all()
        let figures = communities.map { c in
            let o = orgs[c.id] ?? [:]
            return CommunityFigures(
                id: c.id, name: c.name, code: c.code ?? "", leadingOrganization: leading.first { $0.placeID == c.id }?.kind.label ?? "—",
                residents: c.residentCount, households: c.householdCount, dwellings: c.dwellingCount, partyMembers: c.partyMemberCount,
                inService: c.inServiceCount, retired: c.retiredCount, directlyManaged: c.directlyManagedCount,
                residentUnits: o[OrganizationKind.residentUnit.rawValue] ?? 0,
                twoNew: OrganizationKind.twoNew.reduce(0) { $0 + (o[$1.rawValue] ?? 0) }, geometry: c.geometry)
        }
        return Overview(subdistrictID: try subdistrict.requireID(), name: subdistrict.name, profile: profile, paragraph: profile.paragraph,
                        households: subdistrict.householdCount, dwellings: subdistrict.dwellingCount, communities: figures)
    }
}

/// The subdistricts of this instance (a deployment may hold several).
enum Subdistricts {
    static func all(on db: any Database) async throws -> [Place] {
        try await Place.query(on: db).filter(\.$kind == .subdistrict).sort(\.$id).all()
    }
}
