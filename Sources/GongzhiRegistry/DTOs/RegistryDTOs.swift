import GongzhiCore
import GongzhiKit
import Vapor

/// What the API sends: never a Fluent model, never an unmasked number.
public struct PlaceDTO: Content, Sendable {
    public let id: Int
    public let parentID: Int?
    public let kind: String
    public let kindLabel: String
    public let name: String
    public let code: String?
    public let path: String
    public let residents: Int
    public let households: Int
    public let dwellings: Int
    public let partyMembers: Int
    public var children: [PlaceDTO]?
}

public struct ResidentDTO: Content, Sendable {
    public let id: Int
    public let householdID: Int
    public let name: String
    public let gender: String
    public let birthDate: String?
    public let idNumberMasked: String?
    public let phoneMasked: String?
    public let residency: String
    public let tags: [String]
    public let relation: String
    /// The version to send back with a change (`PATCH`), so a change over someone else's is refused, not lost.
    public let version: Int
}

public struct PageDTO<Item: Content & Sendable>: Content, Sendable {
    public let total: Int
    public let page: Int
    public let perPage: Int
    public let items: [Item]
}

extension Place {
    func toDTO(children: [PlaceDTO]? = nil) throws -> PlaceDTO {
        PlaceDTO(id: try requireID(), parentID: parentID, kind: kind.rawValue, kindLabel: kind.label, name: name, code: code, path: path,
                 residents: residentCount, households: householdCount, dwellings: dwellingCount, partyMembers: partyMemberCount, children: children)
    }
}

extension Resident {
    func toDTO() throws -> ResidentDTO {
        ResidentDTO(id: try requireID(), householdID: householdID, name: name, gender: gender.rawValue, birthDate: birthDate, idNumberMasked: idMasked,
                    phoneMasked: phoneMasked, residency: residency.rawValue, tags: tagList.map(\.rawValue), relation: relation, version: version)
    }
}

/// A change to a resident through the API: absent fields stay as they are.
struct ResidentPatch: Content {
    var name: String?
    var idNumber: String?
    var phone: String?
    var residency: String?
    var tags: [String]?
    var relation: String?

    func input(over r: Resident) -> ResidentWriter.Input {
        .init(name: name ?? r.name, idNumber: idNumber ?? "", phone: phone ?? "", clearPhone: phone == "", gender: r.gender.rawValue,
              birthDate: r.birthDate ?? "", residency: residency ?? r.residency.rawValue, tags: tags ?? r.tagList.map(\.rawValue), relation: relation ?? r.relation)
    }
}
