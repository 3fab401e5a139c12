/// The figures of the article the demo reproduces (docs/GLOSSARY.md, "The demo subdistrict"); the loader turns them into records.
enum DemoPlan {
    static let subdistrictName = "花园路街道"
    /// The office building of 楼宇党建, whose two-new party organisations host the monthly party activity in turn.
    static let officeTower = "河南合作大厦"
    static let subdistrictCode = "410105004000"
    static let areaKm2 = 3.0
    /// Population per community, summing to 75,700 (人口7.57万人).
    static let population = [9_120, 7_480, 8_650, 6_930, 7_760, 7_210, 8_040, 6_680, 7_350, 6_480]
    /// Party members: 在职4695 + 离退休3363 + 直管1658 = 9716.
    static let inService = 4_695, retired = 3_363, directlyManaged = 1_658
    static let residentUnits = 96
    static let twoNewOrganizations = 83
    static let newTwoNewPartyOrganizations = 3
    /// Ownerless compounds per community (29 in all), covered by 12 area branches.
    static let ownerlessCompounds = [3, 3, 3, 3, 3, 3, 3, 3, 3, 2]
    static let areaBranches = 12
    static let redPropertyCompanies = 10
    /// Building groups: 279 of 423 reach the pass level, 66%.
    static let buildings = 423
    static let establishedYear = "2020"

    static var total: Int { population.reduce(0, +) }
}
