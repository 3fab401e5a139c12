import Fluent
import Foundation
import GongzhiCore
import GongzhiKit

public struct DemoSummary: Sendable {
    public let places: Int, households: Int, residents: Int, partyMembers: Int, organizations: Int
}

/// Huayuan Road subdistrict (花园路街道) as records: the same data on every machine, reproducing the figures of the article (docs/GLOSSARY.md, "The demo subdistrict").
public enum DemoSubdistrict {
    public enum Failure: Error, CustomStringConvertible {
        case notEmpty
        public var description: String { "数据库中已有地点数据，演示数据只能载入空库（可删除数据库文件后重试）" }
    }

    /// Loads the demo in one transaction. `size` shrinks the population and party membership, and the place tree
    /// (tests use a small one); at `.full` every figure of the article comes out of the records. `modules` writes the
    /// other modules' demo records in the same transaction, once the registry's exist.
    @discardableResult
    public static func load(on db: any Database, vault: PersonalDataVault, size: DemoSize = .full,
                            modules: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws -> DemoSummary {
        guard try await Place.query(on: db).count() == 0 else { throw Failure.notEmpty }
        var rng = DemoRandom(seed: 20_201_027)
        var orgs = DemoOrganizations.units(rng: &rng)
        var places = DemoPlaces.build(rng: &rng, propertyCompanies: Array(orgs.propertyCompanyIDs.prefix(12)), size: size)
        let scale = size.people
        orgs.partyTree(root: places.nodes[0], communities: places.communities, tower: places.tower)
        for compound in places.ownerless {
            _ = places.update(compound.node) { $0.coveringPartyOrgID = orgs.areaBranch(community: compound.community, ownerlessIndex: compound.index) }
        }

        let population = DemoPlan.population.map { Int((Double($0) * scale).rounded()) }
        var people = DemoPeople()
        for (ci, community) in places.communities.enumerated() {
            people.populate(community: ci, size: population[ci], dwellings: places.dwellings[ci], code: community.code!, rng: &rng)
        }
        let byCommunity = Dictionary(grouping: people.people.indices) { i in
            places.communities.firstIndex { people.people[i].path.hasPrefix($0.path) }!
        }
        let workplaces = orgs.orgs.filter { $0.kind == .residentUnit }.map(\.name)
        let shares = [PartyMemberCategory.inService: DemoPlan.inService, .retired: DemoPlan.retired, .directlyManaged: DemoPlan.directlyManaged]
            .mapValues { DemoPeople.apportion(Int((Double($0) * scale).rounded()), by: population) }
        for ci in places.communities.indices {
            let indices = byCommunity[ci] ?? []
            guard let first = indices.min(), let last = indices.max() else { continue }
            people.enrol(community: people.people[first...last], counts: shares.mapValues { $0[ci] }, branches: orgs.branches[ci],
                         workplaces: workplaces, rng: &rng)
        }

        let (placeTree, units, residents) = (places, orgs, people)
        try await db.transaction { db in
            try await DemoWriter.places(placeTree, on: db)
            try await DemoWriter.organizations(units, places: placeTree, on: db)
            try await DemoWriter.people(residents, vault: vault, on: db)
            try await DemoWriter.owners(on: db)
            try await DemoWriter.facilities(places: placeTree, on: db)
            try await DemoWriter.buildingGroups(places: placeTree, on: db)
            for table in [Place.schema, Household.schema, Resident.schema, PartyOrganization.schema, PartyMember.schema,
                          Organization.schema, Facility.schema, BuildingGroup.schema] {
                try await db.resetIdentity(table)
            }
            try await Rollups.refresh(on: db)
            try await modules(db)
            try await Setting.set("demo", "true", on: db)
        }
        try await db.analyze()
        return DemoSummary(places: places.nodes.count, households: people.households.count, residents: people.people.count,
                           partyMembers: people.members.count, organizations: orgs.orgs.count)
    }
}
