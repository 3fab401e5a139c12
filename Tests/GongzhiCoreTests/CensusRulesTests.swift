import GongzhiCore
import Testing

/// The census rules that need no database: areas proposed from buildings, the seeded long-form sample, what a
/// stage allows.
struct CensusRulesTests {
    /// Three communities of buildings of every size, one building larger than three areas.
    static func buildings() -> [AreaPlanner.Unit] {
        var id = 0, units: [AreaPlanner.Unit] = []
        var rng = SplitMix64(seed: 11)
        for community in 1...3 {
            for compound in 1...5 {
                for _ in 0..<rng.int(1...8) {
                    id += 1
                    let big = id % 17 == 0
                    let parts = (0..<(big ? 6 : rng.int(1...4))).map { _ -> AreaPlanner.Unit in
                        id += 1
                        return AreaPlanner.Unit(placeID: id, community: community, compound: compound * 10 + community, households: big ? 45 : rng.int(0...30))
                    }
                    units.append(AreaPlanner.Unit(placeID: 10_000 + id, community: community, compound: compound * 10 + community,
                                                  households: parts.reduce(0) { $0 + $1.households }, parts: parts))
                }
            }
        }
        return units
    }

    @Test func everyHouseholdLiesInExactlyOneArea() {
        let buildings = Self.buildings()
        let areas = AreaPlanner.propose(buildings, target: 80)
        // Each building is in one area whole, or each of its entrances is, never both and never twice.
        var seen: [Int: Int] = [:]
        for (i, area) in areas.enumerated() {
            #expect(Set(area.map(\.community)).count == 1, "area \(i) crosses communities")
            for unit in area { seen[unit.placeID, default: 0] += 1 }
        }
        #expect(seen.values.allSatisfy { $0 == 1 })
        var covered = 0
        for b in buildings {
            let whole = seen[b.placeID] != nil
            let parts = b.parts.filter { seen[$0.placeID] != nil }
            #expect(!(whole && !parts.isEmpty), "building \(b.placeID) both whole and split")
            covered += whole ? b.households : parts.reduce(0) { $0 + $1.households }
            // Entrances without households need no area; every household is counted.
            #expect(whole || b.households == 0 || parts.reduce(0) { $0 + $1.households } == b.households)
        }
        #expect(covered == buildings.reduce(0) { $0 + $1.households })
        // About the target: none over a quarter above it unless one unit alone is larger.
        for area in areas where area.count > 1 { #expect(area.reduce(0) { $0 + $1.households } <= 100) }
    }

    @Test func aBuildingLargerThanAnAreaIsSplitByItsEntrances() {
        let big = AreaPlanner.Unit(placeID: 1, community: 1, compound: 1, households: 270,
                                   parts: (2...7).map { AreaPlanner.Unit(placeID: $0, community: 1, compound: 1, households: 45) })
        let areas = AreaPlanner.propose([big], target: 80)
        #expect(areas.map { $0.map(\.placeID) } == [[2, 3], [4, 5], [6, 7]])
        #expect(AreaPlanner.propose([], target: 80).isEmpty)
    }

    @Test func theSampleIsReproducibleAndItsShareExact() {
        let ids = Array(1_000..<1_083)
        let a = SampleDraw.draw(ids, perMille: 100, seed: SampleDraw.seed(campaign: 20_201_101, area: 7))
        let b = SampleDraw.draw(ids.shuffled(), perMille: 100, seed: SampleDraw.seed(campaign: 20_201_101, area: 7))
        #expect(a == b)
        #expect(a.count == 8)
        #expect(a.isSubset(of: Set(ids)))
        // Another area's seed draws other households; over many areas the share is 10% within rounding.
        #expect(SampleDraw.draw(ids, perMille: 100, seed: SampleDraw.seed(campaign: 20_201_101, area: 8)) != a)
        var drawn = 0, total = 0
        for area in 1...300 {
            let list = Array(area * 1_000..<(area * 1_000 + 60 + area % 40))
            drawn += SampleDraw.draw(list, perMille: 100, seed: SampleDraw.seed(campaign: 5, area: area)).count
            total += list.count
        }
        #expect(abs(Double(drawn) / Double(total) - 0.1) < 0.005)
        #expect(SampleDraw.draw(ids, perMille: 0, seed: 1).isEmpty)
        #expect(SampleDraw.draw(ids, perMille: 1000, seed: 1).count == ids.count)
    }

    @Test func stagesAllowWhatTheyAreFor() {
        #expect(!CensusStage.canvass.allows(.registered, longForm: false))
        #expect(CensusStage.canvass.allows(.vacant, longForm: false))
        #expect(CensusStage.shortForm.allows(.registered, longForm: true))
        #expect(!CensusStage.longForm.allows(.registered, longForm: false))
        #expect(CensusStage.longForm.allows(.refused, longForm: true))
        #expect(VisitStatus.vacant.isSettled && !VisitStatus.vacant.isRegistered)
        #expect([3, 1, 2].median == 2 && [4, 1, 2, 3].median == 2.5 && [Int]().median == nil)
        #expect(PublicityChannel.banner.level == .compound && PublicityChannel.film.level == .subdistrict)
    }
}
