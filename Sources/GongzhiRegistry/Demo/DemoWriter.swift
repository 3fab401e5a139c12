import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// Writes the demo's in-memory records with multi-row inserts.
enum DemoWriter {
    static func places(_ tree: DemoPlaces, on db: any Database) async throws {
        var insert = BulkInsert(Place.schema, columns: ["id", "parent_id", "kind", "name", "code", "path", "depth", "sort_order", "area",
                                                         "management_type", "property_company_id", "covering_party_org_id",
                                                         "renovation_status", "geometry", "resident_count", "household_count",
                                                         "dwelling_count", "party_member_count", "in_service_count", "retired_count",
                                                         "directly_managed_count", "address"])
        var addresses: [Int: String] = [:]
        for n in tree.nodes {
            let address = PlaceAddress.extend(n.parentID.flatMap { addresses[$0] } ?? "", name: n.name, kind: n.kind)
            addresses[n.id] = address
            insert.append([n.id, n.parentID, n.kind.rawValue, n.name, n.code, n.path, n.depth, n.sortOrder, n.area,
                           n.managementType?.rawValue, n.propertyCompanyID, n.coveringPartyOrgID, n.renovationStatus, n.geometry, 0, 0, 0, 0, 0, 0, 0,
                           address])
        }
        try await insert.run(on: db)
    }

    static func organizations(_ d: DemoOrganizations, places: DemoPlaces, on db: any Database) async throws {
        var orgs = BulkInsert(Organization.schema, columns: ["id", "kind", "name", "name_key", "place_id", "path", "red_property", "has_party_organization", "address", "contact"])
        for o in d.orgs {
            let place = o.inTower ? places.tower ?? places.communities[o.community] : places.communities[o.community]
            orgs.append([o.id, o.kind.rawValue, o.name, Collation.key(o.name), place.id, place.path, o.red, o.hasParty,
                         "\(DemoNames.streets[o.id % DemoNames.streets.count])\(o.id * 3 % 190 + 1)号", nil as String?])
        }
        try await orgs.run(on: db)
        var party = BulkInsert(PartyOrganization.schema, columns: ["id", "parent_id", "kind", "name", "place_id", "path", "founded_on"])
        for p in d.partyOrgs { party.append([p.id, p.parentID, p.kind.rawValue, p.name, p.placeID, p.path, p.founded]) }
        try await party.run(on: db)
    }

    static func people(_ p: DemoPeople, vault: PersonalDataVault, on db: any Database) async throws {
        var households = BulkInsert(Household.schema, columns: ["id", "dwelling_id", "path", "code"])
        for h in p.households { households.append([h.id, h.dwellingID, h.path, h.code]) }
        try await households.run(on: db)
        var residents = BulkInsert(Resident.schema, columns: ["id", "household_id", "path", "name", "name_key", "gender", "birth_date", "id_sealed", "id_hash",
                                                                "id_masked", "phone_sealed", "phone_masked", "residency", "tags", "relation"])
        for r in p.people {
            let id = try CitizenID(r.idNumber)
            let phone = r.phone.flatMap(PhoneNumber.init)
            residents.append([r.id, r.householdID, r.path, r.name, Collation.key(r.name), r.gender.rawValue, r.birth.description, vault.seal(id.value),
                              vault.searchHash(id.value), id.masked, phone.map { vault.seal($0.value) }, phone?.masked,
                              r.residency.rawValue, r.tags.map(\.rawValue).joined(separator: ","), r.relation])
        }
        try await residents.run(on: db)
        var members = BulkInsert(PartyMember.schema, columns: ["id", "organization_id", "path", "resident_id", "category", "joined_on", "workplace"])
        for m in p.members { members.append([m.id, m.organizationID, m.path, m.residentID, m.category.rawValue, m.joined, m.workplace]) }
        try await members.run(on: db)
    }

    /// The facilities the article names, plus a party activity space in every community.
    static func facilities(places: DemoPlaces, on db: any Database) async throws {
        var insert = BulkInsert(Facility.schema, columns: ["kind", "name", "place_id", "path", "area_m2", "opened_on"])
        let weiwu = places.compoundsByCommunity[0][0], tongxin = places.communities[0]
        insert.append([FacilityKind.pavilion.rawValue, "初心亭", weiwu.id, weiwu.path, 12.0, "2020-06-30"])
        insert.append([FacilityKind.childrenSquare.rawValue, "纬五路13号院儿童活动广场", weiwu.id, weiwu.path, 160.0, "2020-06-30"])
        insert.append([FacilityKind.elderlyDayCare.rawValue, "通信花园社区老年日间照料中心", tongxin.id, tongxin.path, 420.0, "2019-09-01"])
        let tower = places.tower ?? tongxin
        insert.append([FacilityKind.partyActivitySpace.rawValue, "\(DemoPlan.officeTower)党建活动阵地", tower.id, tower.path, 102.0, "\(DemoPlan.establishedYear)-08-01"])
        insert.append([FacilityKind.pocketPark.rawValue, "经纬天地", places.communities[1].id, places.communities[1].path, 900.0, "\(DemoPlan.establishedYear)-09-20"])
        for c in places.communities {
            insert.append([FacilityKind.partyActivitySpace.rawValue, "\(c.name)党群服务中心", c.id, c.path, 300.0, "2018-07-01"])
        }
        try await insert.run(on: db)
    }

    /// One building group per building, the self-governance unit the star module rates.
    static func buildingGroups(places: DemoPlaces, on db: any Database) async throws {
        var insert = BulkInsert(BuildingGroup.schema, columns: ["place_id", "path", "name"])
        for b in places.buildings { insert.append([b.node.id, b.node.path, "\(b.compound.name)\(b.node.name)楼组"]) }
        try await insert.run(on: db)
    }

    /// Owners of the dwellings: the head of the household living in each (their ID number's sealed, hashed and masked
    /// forms copied, so a head signed in as themselves votes as the owner); every seventh empty dwelling not yet sold;
    /// and in every fifty dwellings one whose owner also owns the one before (one buyer, several parts).
    static func owners(on db: any Database) async throws {
        // One set-based statement (a correlated subquery per dwelling is quadratic where the planner has no statistics yet).
        try await db.sql.raw("""
            UPDATE places SET owner_name = heads.name, owner_id_sealed = heads.id_sealed, owner_id_hash = heads.id_hash, owner_id_masked = heads.id_masked
            FROM (SELECT h.dwelling_id AS dwelling_id, MIN(r.id) AS resident_id FROM households h JOIN residents r ON r.household_id = h.id
                  WHERE r.relation = '户主' GROUP BY h.dwelling_id) AS firsts
            JOIN residents heads ON heads.id = firsts.resident_id
            WHERE places.id = firsts.dwelling_id
            """).run()
        try await db.sql.raw("UPDATE places SET owner_unsold = TRUE WHERE kind = 'dwelling' AND owner_name IS NULL AND id % 7 = 0").run()
        try await db.sql.raw("""
            UPDATE places SET owner_name = before.owner_name, owner_id_sealed = before.owner_id_sealed, owner_id_hash = before.owner_id_hash,
                owner_id_masked = before.owner_id_masked
            FROM places before
            WHERE places.kind = 'dwelling' AND places.id % 50 = 0 AND before.id = places.id - 1 AND before.kind = 'dwelling'
              AND before.owner_id_hash IS NOT NULL
            """).run()
    }
}
