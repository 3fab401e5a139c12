import Fluent
import GongzhiCore
import GongzhiKit

/// The registry's own part of the report after the profile: red property, two-new party organisations and party
/// positions founded in a year (the latest on record unless another is chosen), and pocket parks — all counted from the registry.
enum PositionsHighlight {
    /// The two-new party organisations and the party positions under `path`: what is founded in a year.
    private static func founded(under scope: PlaceScope, on db: any Database) async throws -> (twoNew: [PartyOrganization], spaces: [Facility]) {
        (try await PartyOrganization.query(on: db).within(scope, \.$path).filter(\.$kind == .newOrgCommittee).all(),
         try await Facility.query(on: db).within(scope, \.$path).filter(\.$kind == .partyActivitySpace).all())
    }

    private static func years(_ twoNew: [PartyOrganization], _ spaces: [Facility]) -> [Int] {
        Array(Set((twoNew.compactMap(\.foundedOn) + spaces.compactMap(\.openedOn)).compactMap { Int($0.prefix(4)) })).sorted()
    }

    /// The years in which a two-new party organisation or a party position under `path` was founded.
    static func years(at path: String, on db: any Database) async throws -> [Int] {
        let (twoNew, spaces) = try await founded(under: PlaceScope(paths: [path]), on: db)
        return years(twoNew, spaces)
    }

    static func load(at path: String, period: Period = .latest, on db: any Database) async throws -> Highlight? {
        let scope = PlaceScope(paths: [path])
        let red = try await Organization.query(on: db).within(scope, \.$path).filter(\.$kind == .propertyCompany).filter(\.$redProperty == true).count()
        let (twoNew, spaces) = try await founded(under: scope, on: db)
        let parks = try await Facility.query(on: db).within(scope, \.$path).filter(\.$kind == .pocketPark).all()
        // "New" is the year chosen, else the latest year in which any party organisation or position was founded.
        let years = years(twoNew, spaces)
        guard let chosen = period.resolved(among: years) else { return nil }
        let year = String(chosen)
        let newTwoNew = twoNew.filter { $0.foundedOn?.hasPrefix(year) == true }.count
        let newSpace = spaces.filter { $0.openedOn?.hasPrefix(year) == true }.reduce(0) { $0 + ($1.areaM2 ?? 0) }
        let parkArea = parks.reduce(0) { $0 + ($1.areaM2 ?? 0) }
        var sentence = "推进“红色物业”的物业服务企业\(red)家；\(year)年新建“两新”党组织\(newTwoNew)家，新建党建活动阵地\(ChineseNumber.decimal(newSpace))平方米"
        if let park = parks.max(by: { ($0.areaM2 ?? 0) < ($1.areaM2 ?? 0) }) {
            sentence += "；建成“\(park.name)”等街边游园\(parks.count)处，共\(ChineseNumber.decimal(parkArea))平方米"
        }
        return Highlight(title: "党建阵地", link: RegistryPaths.facilities.description, figures: [
            .init("红色物业", "\(red)家"), .init("“两新”党组织", "\(twoNew.count)家"), .init("\(year)年新建“两新”党组织", "\(newTwoNew)家"),
            .init("\(year)年新建党建活动阵地", "\(ChineseNumber.decimal(newSpace))平方米"), .init("街边游园", "\(ChineseNumber.decimal(parkArea))平方米"),
        ], sentence: sentence + "。")
    }
}
