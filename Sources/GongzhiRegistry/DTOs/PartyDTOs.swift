import GongzhiCore
import Vapor

/// Party organisations, party members, units and facilities as the API sends them: masked numbers only.
public struct PartyOrganizationDTO: Content, Sendable {
    public let id: Int
    public let parentID: Int?
    public let kind: String
    public let kindLabel: String
    public let name: String
    public let placeID: Int
    public let foundedOn: String?
    /// Depth in the tree as the caller sees it (0 for the topmost organisation they may see).
    public let depth: Int
    /// Its own members within the caller's places.
    public let members: Int
    /// Its members and those of every organisation beneath it, within the caller's places.
    public let membersTotal: Int
}

public struct PartyMemberDTO: Content, Sendable {
    public let id: Int
    public let name: String
    public let category: String
    public let organizationID: Int
    public let organization: String
    public let joinedOn: String?
    public let workplace: String?
    public let idNumberMasked: String?
    /// The resident record this member is, when they live in the registry's places (name and numbers come from there).
    public let residentID: Int?
    /// The version to send back with a change (`PATCH`).
    public let version: Int
}

public struct OrganizationDTO: Content, Sendable {
    public let id: Int
    public let kind: String
    public let kindLabel: String
    public let name: String
    public let communityID: Int
    public let address: String?
    public let redProperty: Bool
    public let hasPartyOrganization: Bool
}

public struct FacilityDTO: Content, Sendable {
    public let id: Int
    public let kind: String
    public let kindLabel: String
    public let name: String
    public let placeID: Int
    public let areaM2: Double?
    public let openedOn: String?
}

extension PartyQueries.MemberRow {
    func toDTO() throws -> PartyMemberDTO {
        PartyMemberDTO(id: id, name: name ?? "", category: category, organizationID: organization_id, organization: organization,
                       joinedOn: joined_on, workplace: workplace, idNumberMasked: id_masked, residentID: resident_id, version: version ?? 1)
    }
}

extension Organization {
    func toDTO() throws -> OrganizationDTO {
        OrganizationDTO(id: try requireID(), kind: kind.rawValue, kindLabel: kind.label, name: name, communityID: placeID, address: address,
                        redProperty: redProperty, hasPartyOrganization: hasPartyOrganization)
    }
}

extension Facility {
    func toDTO() throws -> FacilityDTO {
        FacilityDTO(id: try requireID(), kind: kind.rawValue, kindLabel: kind.label, name: name, placeID: placeID, areaM2: areaM2, openedOn: openedOn)
    }
}
