import GongzhiCore
import Fluent
import Vapor

/// A module as the assembly sees it: everything it supplies is declared here, and `Modules.install` (in the app)
/// does all the registering, in the order of the one module list. A new module is a folder, one line in that list
/// and its tests. The registry comes first; every later module reads it through the registry's public directory and
/// keeps only ids and paths of registry records (see docs/GLOSSARY.md, "Module").
public protocol GongzhiModule {
    /// The module's one name: its Leaf source and template folder (`name/page.leaf`), its data-revision key
    /// (`DataRevision.bump(name)`), and the first segment of its addresses where it owns one (`/campaigns`).
    static var name: String { get }
    static var viewsDirectory: String { get }
    /// Its tables, in the order they shipped.
    static var migrations: [any Migration] { get }
    /// Its addresses, each spelled once: routes are registered at them, links and templates draw them.
    static var addresses: [Address] { get }
    /// Its entries in the navigation bar.
    static var navigation: [NavItem] { get }
    /// Its card on the overview and on a place's page: figures for the records under a place.
    static var highlight: HighlightSource? { get }
    /// Its section of the public portal, if the public may read anything of it.
    static var portal: PortalSource? { get }
    /// What waits for the signed-in person in it (their home page's 我的待办).
    static var agenda: AgendaSource? { get }
    /// Who answers for a place in it (a building's 包楼 cadre), shown with the place and its households.
    static var contacts: ContactSource? { get }
    /// What it keeps about the registry's residents, so that the registry keeps it true (see `ResidentDependent`).
    static var residentDependents: [ResidentDependent] { get }
    /// Fluent model middleware it needs (the registry's revision counter).
    static var modelMiddleware: [any AnyModelMiddleware] { get }
    /// The columns where it keeps personal data sealed by the vault, which `gongzhi keys rotate` re-seals.
    static var sealedColumns: [KeyRotation.Columns] { get }
    /// Registers its routes, each with its `Access` (`routes.allow(...)`).
    static func routes(_ routes: any RoutesBuilder) throws
    /// Services it offers the other modules through `Gongzhi` (the registry's place directory); most have none.
    static func provide(to gongzhi: Gongzhi)
    /// Writes its demo records at `demo.size`; runs in the demo's transaction, after the registry's records exist.
    static func loadDemo(on db: any Database, demo: DemoContext) async throws
    /// Writes the demo records that sum up other modules' (a weekly report's figures), once every module has loaded.
    static func finishDemo(on db: any Database, demo: DemoContext) async throws
}

extension GongzhiModule {
    public static var navigation: [NavItem] { [] }
    public static var highlight: HighlightSource? { nil }
    public static var portal: PortalSource? { nil }
    public static var agenda: AgendaSource? { nil }
    public static var contacts: ContactSource? { nil }
    public static var residentDependents: [ResidentDependent] { [] }
    public static var modelMiddleware: [any AnyModelMiddleware] { [] }
    public static var sealedColumns: [KeyRotation.Columns] { [] }
    public static func provide(to gongzhi: Gongzhi) {}
    public static func loadDemo(on db: any Database, demo: DemoContext) async throws {}
    public static func finishDemo(on db: any Database, demo: DemoContext) async throws {}
}

/// How big a demo subdistrict to build: the full one of the article, or a small one with the same shape (a few
/// communities, compounds and buildings, and a share of the people) that tests not about the article's figures use.
public struct DemoSize: Sendable, Equatable {
    /// The share of people (residents, party members) generated: 1 is the article's 75,700 residents.
    public var people: Double
    /// Whether every community, compound and building is built, or only a few of each.
    public var fullPlaceTree: Bool
    public init(people: Double, fullPlaceTree: Bool) { self.people = people; self.fullPlaceTree = fullPlaceTree }
    /// The article's subdistrict, every figure as printed.
    public static let full = DemoSize(people: 1, fullPlaceTree: true)
    /// A small subdistrict of the same shape: every other test.
    public static let small = DemoSize(people: 0.02, fullPlaceTree: false)
}

/// What a module's demo part is written with: the size, and the application's shared parts (its clock, the audit
/// key under which a demo notice's hash is recorded).
public struct DemoContext: Sendable {
    public let size: DemoSize
    public let gongzhi: Gongzhi
    public init(size: DemoSize, gongzhi: Gongzhi) { self.size = size; self.gongzhi = gongzhi }
}

extension DemoContext {
    /// Today on the application's clock.
    public var today: CivilDate { BeijingTime.day(of: gongzhi.now()) }

    /// Someone writing a demo record `days` from today (negative: before) at `hour` o'clock, Beijing time.
    public func author(_ days: Int, hour: Int = 10, name: String, userID: Int = 0, person: Person? = nil) -> Author {
        author(on: today.adding(days: days), hour: hour, name: name, userID: userID, person: person)
    }

    /// Someone writing a demo record on `day` at `hour` o'clock, Beijing time (a campaign of 2020).
    public func author(on day: CivilDate, hour: Int = 10, name: String, userID: Int = 0, person: Person? = nil) -> Author {
        Author(userID: userID, name: name, now: Date(timeIntervalSince1970: Double(BeijingTime.midnight(day) + hour * 3600)), person: person)
    }

    /// A demo account by its username (`jiedao`, `tongxin`, `louzu`), as the demo made it.
    public func account(_ username: String, on db: any Database) async throws -> Staff.Member? {
        guard let user = try await User.query(on: db).filter(\.$username == username).first(), let id = user.id else { return nil }
        return try await Staff.members(ids: [id], roles: Role.business.union(Role.census), on: db).first
    }
}
