import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// What other modules may read of the registry: plain values, never its models or tables. A module that needs a
/// place, a party organisation, a unit or a resident asks here; its own records keep only the ids and paths.
public enum RegistryDirectory {
    public struct PlaceEntry: Sendable, Codable, Equatable {
        public let id: Int, parentID: Int?, kind: PlaceKind, name: String, path: String, address: String
        /// The place's position among its siblings, as the tree lists them.
        public let sortOrder: Int
        public let managementType: ManagementType?, coveringPartyOrganizationID: Int?
        /// Its outline on the subdistrict's plan (`x,y x,y …` in the 1000×600 plane), where one is kept.
        public let geometry: String?
        /// The households beneath it, as the registry's roll-up counts them.
        public let householdCount: Int
    }
    public struct PartyOrganizationEntry: Sendable, Codable, Equatable {
        public let id: Int, kind: PartyOrganizationKind, name: String, placeID: Int, path: String, foundedOn: String?
    }
    public struct OrganizationEntry: Sendable, Codable, Equatable {
        public let id: Int, kind: OrganizationKind, name: String, placeID: Int, path: String, hasPartyOrganization: Bool
    }
    public struct BuildingGroupEntry: Sendable, Codable, Equatable {
        public let id: Int, placeID: Int, name: String, path: String
    }
    public struct ResidentEntry: Sendable, Codable, Equatable {
        public let id: Int, name: String, gender: Gender, birthDate: String?, path: String, tags: [ResidentTag], idNumberMasked: String?
    }

    public struct OutlineEntry: Sendable { public let id: Int, kind: PlaceKind, name: String, code: String?, depth: Int }

    /// The place tree down to `maxDepth` levels (1: subdistricts), in tree order, for `gongzhi places`.
    public static func placeOutline(maxDepth: Int, on db: any Database) async throws -> [OutlineEntry] {
        let places = try await Place.query(on: db).filter(\.$depth < maxDepth).all()
        let children = Dictionary(grouping: places, by: \.parentID)
        var result: [OutlineEntry] = []
        func walk(_ parent: Int?) throws {
            for p in (children[parent] ?? []).sorted(by: { ($0.sortOrder, $0.id ?? 0) < ($1.sortOrder, $1.id ?? 0) }) {
                result.append(OutlineEntry(id: try p.requireID(), kind: p.kind, name: p.name, code: p.code, depth: p.depth))
                try walk(p.id)
            }
        }
        try walk(nil)
        return result
    }

    public static func places(_ kind: PlaceKind, within scope: PlaceScope, on db: any Database) async throws -> [PlaceEntry] {
        try await placeEntries(SQLBinaryExpression(SQLBinaryExpression(SQLColumn("kind"), .equal, SQLBind(kind.rawValue)), .and, scope.predicate("path")), on: db)
    }

    public static func places(ids: [Int], on db: any Database) async throws -> [PlaceEntry] {
        try await Array(Set(ids)).chunked(1_000).asyncFlatMap { try await placeEntries(SQLBinaryExpression(SQLColumn("id"), .in, SQLBind.group(Array($0))), on: db) }
    }

    /// Places as entries, read as plain rows: every page asks for some, and a model's reflection cost more than the query.
    static func placeEntries(_ predicate: any SQLExpression, on db: any Database) async throws -> [PlaceEntry] {
        struct Row: Decodable {
            let id: Int, parent_id: Int?, kind: String, name: String, path: String, address: String?, sort_order: Int
            let management_type: String?, covering_party_org_id: Int?, geometry: String?, household_count: Int
        }
        return try await db.sql.select()
            .columns(["id", "parent_id", "kind", "name", "path", "address", "sort_order", "management_type", "covering_party_org_id", "geometry", "household_count"].map { SQLColumn($0) })
            .from(Place.schema).where(predicate).orderBy("path")
            .all(decoding: Row.self)
            .compactMap { r in
                guard let kind = PlaceKind(rawValue: r.kind) else { return nil }
                return PlaceEntry(id: r.id, parentID: r.parent_id, kind: kind, name: r.name, path: r.path, address: r.address ?? "", sortOrder: r.sort_order,
                                  managementType: r.management_type.flatMap(ManagementType.init(rawValue:)), coveringPartyOrganizationID: r.covering_party_org_id,
                                  geometry: r.geometry, householdCount: r.household_count)
            }
    }

    public static func partyOrganizations(_ kinds: [PartyOrganizationKind], within scope: PlaceScope, on db: any Database) async throws -> [PartyOrganizationEntry] {
        try await PartyOrganization.query(on: db).filter(\.$kind ~~ kinds).within(scope, \.$path).sort(\.$id).all().map {
            PartyOrganizationEntry(id: try $0.requireID(), kind: $0.kind, name: $0.name, placeID: $0.placeID, path: $0.path, foundedOn: $0.foundedOn)
        }
    }

    public static func organizations(_ kinds: [OrganizationKind], within scope: PlaceScope, on db: any Database) async throws -> [OrganizationEntry] {
        try await Organization.query(on: db).filter(\.$kind ~~ kinds).within(scope, \.$path).sort(\.$id).all().map { try $0.entry }
    }

    public static func organizations(ids: [Int], on db: any Database) async throws -> [OrganizationEntry] {
        guard !ids.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$id ~~ ids).all().map { try $0.entry }
    }

    public static func buildingGroups(within scope: PlaceScope, on db: any Database) async throws -> [BuildingGroupEntry] {
        try await BuildingGroup.query(on: db).within(scope, \.$path).sort(\.$path).all().map {
            BuildingGroupEntry(id: try $0.requireID(), placeID: $0.placeID, name: $0.name, path: $0.path)
        }
    }

    public static func residents(ids: [Int], on db: any Database) async throws -> [ResidentEntry] {
        guard !ids.isEmpty else { return [] }
        return try await Resident.query(on: db).filter(\.$id ~~ ids).all().map { try $0.entry }
    }

    /// Residents within `scope` born on or before `date` (YYYY-MM-DD), oldest first.
    public static func residents(bornOnOrBefore date: String, within scope: PlaceScope, limit: Int, on db: any Database) async throws -> [ResidentEntry] {
        try await Resident.query(on: db).within(scope, \.$path).filter(\.$birthDate <= date).sort(\.$birthDate).sort(\.$id).limit(limit).all().map { try $0.entry }
    }

    /// The full address of the place at each path ("通信花园社区纬五路13号院1号楼1单元101").
    public static func addresses(of paths: Set<String>, on db: any Database) async throws -> [String: String] {
        let ids = paths.compactMap { PlaceScope.ids(in: $0).last }
        return Dictionary(try await places(ids: ids, on: db).map { ($0.path, $0.address) }) { a, _ in a }
    }
}

extension Place {
    var entry: RegistryDirectory.PlaceEntry {
        get throws { .init(id: try requireID(), parentID: parentID, kind: kind, name: name, path: path, address: address, sortOrder: sortOrder,
              managementType: managementType, coveringPartyOrganizationID: coveringPartyOrgID, geometry: geometry, householdCount: householdCount) }
    }
}

extension Organization {
    var entry: RegistryDirectory.OrganizationEntry {
        get throws { .init(id: try requireID(), kind: kind, name: name, placeID: placeID, path: path, hasPartyOrganization: hasPartyOrganization) }
    }
}

extension Resident {
    var entry: RegistryDirectory.ResidentEntry {
        get throws { .init(id: try requireID(), name: name, gender: gender, birthDate: birthDate, path: path, tags: tagList, idNumberMasked: idMasked) }
    }
}

extension RegistryDirectory {
    public static func buildingGroups(ids: [Int], on db: any Database) async throws -> [BuildingGroupEntry] {
        guard !ids.isEmpty else { return [] }
        return try await BuildingGroup.query(on: db).filter(\.$id ~~ ids).all().map {
            BuildingGroupEntry(id: try $0.requireID(), placeID: $0.placeID, name: $0.name, path: $0.path)
        }
    }
}

extension RegistryDirectory {
    public static func partyOrganizations(ids: [Int], on db: any Database) async throws -> [PartyOrganizationEntry] {
        guard !ids.isEmpty else { return [] }
        return try await PartyOrganization.query(on: db).filter(\.$id ~~ ids).all().map {
            PartyOrganizationEntry(id: try $0.requireID(), kind: $0.kind, name: $0.name, placeID: $0.placeID, path: $0.path, foundedOn: $0.foundedOn)
        }
    }
}

extension RegistryDirectory {
    /// Marks residents with a tag, once: a module that registers a fact about a person (a veteran) keeps the
    /// registry's own tag in step, so the registry's filters and ledgers show it without a second entry.
    public static func addTag(_ tag: ResidentTag, to residentIDs: [Int], on db: any Database) async throws {
        for resident in try await Resident.query(on: db).filter(\.$id ~~ residentIDs).all() where !resident.tagList.contains(tag) {
            resident.tags = (resident.tagList + [tag]).map(\.rawValue).joined(separator: ",")
            try await resident.save(on: db)
        }
    }
}

extension RegistryDirectory {
    /// What a look-up by full ID number found within a scope.
    public enum IDLookup: Sendable {
        case found(ResidentEntry)
        /// Not a resident within the scope: elsewhere and missing give the same answer.
        case notFound
        /// Not a valid GB 11643 number; the reason names what is wrong.
        case invalid(String)
    }

    /// The resident within `scope` holding a full ID number, found by its keyed hash (under every key while keys rotate).
    public static func resident(idNumber text: String, within scope: PlaceScope, vault: PersonalDataVault, on db: any Database) async throws -> IDLookup {
        let id: CitizenID
        do { id = try CitizenID(text) } catch { return .invalid(error.description) }
        guard let resident = try await Resident.query(on: db).filter(\.$idHash ~~ vault.searchHashes(id.value)).within(scope, \.$path).first()
        else { return .notFound }
        return .found(try resident.entry)
    }
}
