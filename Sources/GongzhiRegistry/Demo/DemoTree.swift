import GongzhiCore
import GongzhiKit

/// Builds the demo place tree: 10 communities, 423 buildings in compounds, entrances, floors and dwellings; or, for
/// a small subdistrict, the same communities with 8 buildings each and dwellings for the share of people generated.
extension DemoPlaces {
    /// `propertyCompanies`: ids of property companies to manage compounds. Ownerless compounds are listed in
    /// `ownerless` so their covering area branches can be set once the party tree exists.
    static func build(rng: inout DemoRandom, propertyCompanies: [Int], size: DemoSize = .full) -> DemoPlaces {
        var tree = DemoPlaces()
        var root = tree.add(nil, .subdistrict, DemoPlan.subdistrictName, code: DemoPlan.subdistrictCode, sort: 0)
        root = tree.update(root) { $0.area = DemoPlan.areaKm2 }
        let polygons = cellPolygons(seed: 7)
        let buildingCounts = size.fullPlaceTree ? buildingsPerCommunity() : Array(repeating: 8, count: DemoPlan.population.count)
        let housed = size.fullPlaceTree ? 1 : size.people
        for (ci, name) in DemoNames.communities.enumerated() {
            let code = String(DemoPlan.subdistrictCode.prefix(9)) + String(format: "%03d", ci + 1)
            var community = tree.add(root, .community, name, code: code, sort: ci + 1)
            community = tree.update(community) { $0.geometry = polygons[ci] }
            tree.communities.append(community)
            tree.dwellings.append([])
            tree.compoundsByCommunity.append([])
            // Households needed at about 2.6 people each, with roughly 8% of dwellings vacant.
            let households = Int((Double(DemoPlan.population[ci]) * housed / 2.6).rounded(.up))
            let perBuilding = Int((Double(households) / 0.92 / Double(buildingCounts[ci])).rounded(.up))
            var buildingsLeft = buildingCounts[ci]
            var compoundIndex = 0
            while buildingsLeft > 0 {
                let size = min(buildingsLeft, rng.int(2...7))
                buildingsLeft -= size
                let ownerless = compoundIndex < DemoPlan.ownerlessCompounds[ci]
                let compoundName = ci == 0 && compoundIndex == 0 ? "纬五路13号院"
                    : "\(rng.pick(DemoNames.streets))\(rng.int(1...199))号院"
                var compound = tree.add(community, .compound, compoundName, sort: compoundIndex + 1)
                let type: ManagementType = ownerless ? .ownerless : rng.chance(0.7) ? .propertyManaged : rng.chance(0.5) ? .unitManaged : .selfManaged
                compound = tree.update(compound) {
                    $0.managementType = type
                    if type == .propertyManaged { $0.propertyCompanyID = rng.pick(propertyCompanies) }
                    $0.renovationStatus = ownerless || rng.chance(0.3) ? (rng.chance(0.5) ? "已完成" : "改造中") : "未列入"
                }
                tree.compoundsByCommunity[ci].append(compound)
                if ownerless { tree.ownerless.append((ci, compoundIndex, compound)) }
                for b in 1...size {
                    let building = tree.add(compound, .building, "\(b)号楼", sort: b)
                    tree.buildings.append((building, compound, ci))
                    let entrances = rng.int(2...4)
                    let floors = max(5, Int((Double(perBuilding) / Double(entrances * 2)).rounded(.up)) + rng.int(-1...1))
                    for e in 1...entrances {
                        let entrance = tree.add(building, .entrance, "\(e)单元", sort: e)
                        for f in 1...floors {
                            let floor = tree.add(entrance, .floor, "\(f)层", sort: f)
                            for d in 1...2 {
                                var dwelling = tree.add(floor, .dwelling, "\(f)\(String(format: "%02d", d))", sort: d)
                                dwelling = tree.update(dwelling) { $0.area = Double(rng.int(48...136)) }
                                tree.dwellings[ci].append(dwelling)
                            }
                        }
                    }
                }
                compoundIndex += 1
            }
        }
        // Last, so that no other place's id moves: the office building in the first community.
        let community = tree.communities[0]
        let site = tree.add(community, .compound, DemoPlan.officeTower, sort: tree.compoundsByCommunity[0].count + 1)
        tree.tower = tree.add(site, .building, DemoPlan.officeTower, sort: 1)
        tree.layOut()
        return tree
    }
}
