import GongzhiCore
import GongzhiKit

/// Households, residents and party members of the demo subdistrict, before sealing and writing.
struct DemoPeople {
    struct Person {
        let id: Int, householdID: Int, path: String, name: String, gender: Gender, birth: CivilDate
        let idNumber: String, phone: String?, residency: Residency, tags: [ResidentTag], relation: String
    }
    struct Household { let id: Int; let dwellingID: Int; let path: String; let code: String }
    struct Member { let id: Int; let organizationID: Int; let path: String; let residentID: Int; let category: PartyMemberCategory; let joined: String; let workplace: String? }

    var households: [Household] = []
    var people: [Person] = []
    var members: [Member] = []
    private var usedIDs = Set<String>()

    static let today = CivilDate(year: 2026, month: 7, day: 1)!

    mutating func populate(community ci: Int, size: Int, dwellings: [DemoPlaces.Node], code: String, rng: inout DemoRandom) {
        let householdCount = min(dwellings.count, Int((Double(size) / 2.6).rounded(.up)))
        guard householdCount > 0 else { return }
        var sizes = (0..<householdCount).map { _ in rng.int(1...4) }
        var total = sizes.reduce(0, +)
        while total != size {
            let i = rng.int(0...(householdCount - 1))
            if total > size, sizes[i] > 1 { sizes[i] -= 1; total -= 1 }
            else if total < size, sizes[i] < 6 { sizes[i] += 1; total += 1 }
        }
        for (i, members) in sizes.enumerated() {
            let dwelling = dwellings[i * dwellings.count / householdCount]
            let household = Household(id: households.count + 1, dwellingID: dwelling.id, path: dwelling.path,
                                      code: code + String(format: "%02d%04d", i / 9_999 + 1, i % 9_999 + 1))
            households.append(household)
            let headAge = rng.int(26...88)
            let headMale = rng.chance(0.55)
            for k in 0..<members {
                let (age, male, relation): (Int, Bool, String) = switch k {
                case 0: (headAge, headMale, "户主")
                case 1: (max(20, headAge + rng.int(-4...4)), !headMale, "配偶")
                default: (max(0, headAge - rng.int(22...34)), rng.chance(0.5), "子女")
                }
                people.append(person(household, age: age, male: male, relation: relation, rng: &rng))
            }
        }
    }

    private mutating func person(_ household: Household, age: Int, male: Bool, relation: String, rng: inout DemoRandom) -> Person {
        let (month, day) = (rng.int(1...12), rng.int(1...28))
        // Never after the demo's today: a baby of the demo's year is born before it, not in its autumn.
        let birth = CivilDate(year: Self.today.year - age - ((month, day) > (Self.today.month, Self.today.day) && age == 0 ? 1 : 0), month: month, day: day)!
        var idNumber = ""
        repeat {
            let sequence = rng.int(0...499) * 2 + (male ? 1 : 0)
            let body = "410105" + birth.description.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
            idNumber = body + String(CitizenID.checkCharacter(for: body.map { Int(String($0))! }))
        } while !usedIDs.insert(idNumber).inserted
        var tags: [ResidentTag] = []
        let realAge = birth.age(on: Self.today)
        if realAge >= 60 { tags.append(.elderly) }
        if realAge < 18 { tags.append(.minor) }
        if rng.chance(0.02) { tags.append(.disabled) }
        if rng.chance(0.015) { tags.append(.lowIncome) }
        if male && realAge >= 45 && rng.chance(0.03) { tags.append(.veteran) }
        let phone = realAge >= 16 && rng.chance(0.85) ? "13\(rng.int(0...9))\(String(format: "%08d", rng.int(0...99_999_999)))" : nil
        let residency: Residency = rng.chance(0.72) ? .registered : rng.chance(0.6) ? .permanent : .floating
        return Person(id: people.count + 1, householdID: household.id, path: household.path,
                      name: DemoNames.person(&rng, male: male), gender: male ? .male : .female, birth: birth,
                      idNumber: idNumber, phone: phone, residency: residency, tags: tags, relation: relation)
    }

    /// Picks party members among a community's residents: retired members are 60 or older, in-service 22–59.
    /// Every member is a resident, so is counted where they live (`PartyMemberHomes`).
    mutating func enrol(community people: ArraySlice<Person>, counts: [PartyMemberCategory: Int], branches: [PartyMemberCategory: Int],
                        workplaces: [String], rng: inout DemoRandom) {
        var taken = Set<Int>()
        for category in [PartyMemberCategory.retired, .inService, .directlyManaged] {
            var candidates = people.filter { p in
                let age = p.birth.age(on: Self.today)
                return !taken.contains(p.id) && (category == .retired ? age >= 60 : category == .inService ? (22...59).contains(age) : age >= 18)
            }
            for i in stride(from: candidates.count - 1, to: 0, by: -1) { candidates.swapAt(i, rng.int(0...i)) }
            for p in candidates.prefix(counts[category] ?? 0) {
                taken.insert(p.id)
                let joinYear = min(2025, p.birth.year + rng.int(20...40))
                members.append(Member(id: members.count + 1, organizationID: branches[category]!, path: p.path,
                                      residentID: p.id, category: category, joined: "\(joinYear)-07-01",
                                      workplace: category == .inService ? rng.pick(workplaces) : nil))
            }
        }
    }

    /// Splits `total` among communities in proportion to their population (largest remainder).
    static func apportion(_ total: Int, by weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * Double($0) / Double(max(1, sum)) }
        var shares = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { exact[$0] - Double(shares[$0]) > exact[$1] - Double(shares[$1]) }
        for i in order.prefix(total - shares.reduce(0, +)) { shares[i] += 1 }
        return shares
    }
}
