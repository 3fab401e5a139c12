@preconcurrency import Crypto
import Fluent
import SQLKit
import Vapor
import NIOConcurrencyHelpers

/// What the assembled application shares with every module: configuration, the personal-data vault,
/// and what the modules declared (navigation, highlights, resident dependents), registered by the assembly in the
/// order of the module list.
public final class Gongzhi: @unchecked Sendable {
    public let config: AppConfig
    public let vault: PersonalDataVault
    /// Chains the audit log (`AuditLog`), derived from the configured master key.
    public let auditKey: SymmetricKey
    /// Every key entries may have been chained with: the current one, and the one before a rotation.
    public let auditKeys: [SymmetricKey]
    /// Signs the notice a redirect leaves for the next page (`Request.redirect(to:notice:)`).
    let noticeKey: SymmetricKey
    /// Whether the demo subdistrict is loaded: shown on every page, so read at most every 30 seconds.
    let demoFlag = Recent<Bool>(seconds: 30)
    private let lock = NIOLock()
    private var _navigation: [NavItem] = []
    private var _highlights: [HighlightSource] = []
    private var _residentDependents: [ResidentDependent] = []

    init(config: AppConfig) {
        self.config = config
        self.vault = PersonalDataVault(masterKey: config.dataKey, previousKey: config.previousDataKey)
        self.auditKey = AuditLog.key(from: config.dataKey)
        self.noticeKey = Notice.key(from: config.dataKey)
        self.auditKeys = [config.dataKey, config.previousDataKey].compactMap { $0 }.map(AuditLog.key(from:))
    }

    private var _places: PlaceDirectory?

    private var _now: @Sendable () -> Date = { Date() }
    /// The time every rule reads (sessions, lock-out, password age, one-time codes); tests set a fixed clock.
    public var now: @Sendable () -> Date {
        get { lock.withLock { _now } }
        set { lock.withLock { _now = newValue } }
    }

    public var navigation: [NavItem] { lock.withLock { _navigation } }
    /// How Kit (accounts) learns about places without knowing the registry's tables; the registry sets it.
    public var places: PlaceDirectory {
        get { lock.withLock { _places } ?? PlaceDirectory(find: { _, _ in nil }, choices: { _ in [] }) }
        set { lock.withLock { _places = newValue } }
    }
    private var _households: HouseholdRoll?
    /// Who belongs to a household, for a household's invitation code; the registry sets it.
    public var households: HouseholdRoll? {
        get { lock.withLock { _households } }
        set { lock.withLock { _households = newValue } }
    }
    public func register(_ item: NavItem) { lock.withLock { _navigation.append(item) } }
    public var highlightSources: [HighlightSource] { lock.withLock { _highlights } }
    private var _portal: [PortalSource] = []
    /// Every module's portal section, in the order of the module list.
    public var portalSources: [PortalSource] { lock.withLock { _portal } }
    public func register(portal source: @escaping PortalSource) { lock.withLock { _portal.append(source) } }
    public func register(_ source: @escaping HighlightSource) { lock.withLock { _highlights.append(source) } }
    /// Every module's `ResidentDependent`.
    public var residentDependents: [ResidentDependent] { lock.withLock { _residentDependents } }
    private var _agenda: [AgendaSource] = [], _contacts: [ContactSource] = [], _homes: [Role: String] = [:]
    /// Each person's agenda, per change of records and day; one per application (its database's revisions).
    let agendaCache = RevisionCache<AgendaKey, [AgendaItem]>()
    /// A place's highlight cards as drawn, per change of records; one per application, like every cache of records.
    public let highlightCards = RevisionCache<String, String>()
    /// Where a user who holds only `role` lands (a building-group leader on their group's page); the registry's
    /// place pages otherwise.
    public func home(for role: Role) -> String? { lock.withLock { _homes[role] } }
    public func register(home path: String, for role: Role) { lock.withLock { _homes[role] = path } }
    public var agendaSources: [AgendaSource] { lock.withLock { _agenda } }
    public var contactSources: [ContactSource] { lock.withLock { _contacts } }
    public func register(agenda source: @escaping AgendaSource) { lock.withLock { _agenda.append(source) } }
    public func register(contacts source: @escaping ContactSource) { lock.withLock { _contacts.append(source) } }
    public func register(_ dependent: ResidentDependent) { lock.withLock { _residentDependents.append(dependent) } }
}

/// Looks up places for role grants: one by id, and the usual choices (the subdistrict and its communities).
public struct PlaceDirectory: Sendable {
    public struct Entry: Sendable, Encodable { public let id: Int; public let name: String; public let path: String
        public init(id: Int, name: String, path: String) { self.id = id; self.name = name; self.path = path } }
    public let find: @Sendable (any Database, Int) async throws -> Entry?
    public let choices: @Sendable (any Database) async throws -> [Entry]
    public init(find: @escaping @Sendable (any Database, Int) async throws -> Entry?, choices: @escaping @Sendable (any Database) async throws -> [Entry]) {
        self.find = find; self.choices = choices
    }
}

/// A module's entry in the navigation bar, shown to the roles that may use it.
public struct NavItem: Sendable, Encodable {
    public let title: String
    public let path: String
    public let roles: Set<Role>
    /// One's own page (我的楼组, 我的任务): listed first, so on a phone it is the first thing under the thumb.
    public let personal: Bool
    public init(_ title: String, path: Address, roles: Set<Role>, personal: Bool = false) {
        self.title = title; self.path = path.description; self.roles = roles; self.personal = personal
    }
}

private struct GongzhiKey: StorageKey { typealias Value = Gongzhi }

extension Application {
    public var gongzhi: Gongzhi {
        guard let value = storage[GongzhiKey.self] else { fatalError("Gongzhi is not configured: call app.useGongzhi(config) first") }
        return value
    }
    public func useGongzhi(_ config: AppConfig) { storage[GongzhiKey.self] = Gongzhi(config: config) }
}

extension Request {
    public var gongzhi: Gongzhi { application.gongzhi }
    /// The site as the browser reached it (`https://host` behind TLS), for addresses printed on paper or in a feed.
    public var siteAddress: String { headers.first(name: .host).map { "\(isSecure ? "https" : "http")://\($0)" } ?? "" }
    public var sql: any SQLDatabase { db as! any SQLDatabase }
}

extension Database {
    public var sql: any SQLDatabase { self as! any SQLDatabase }
    public var isPostgres: Bool { sql.dialect.name == "postgresql" }
}

/// A value re-read from the database when older than `seconds`: for instance-wide settings that every page shows.
final class Recent<Value: Sendable>: Sendable {
    private let seconds: Double
    private let box = NIOLockedValueBox<(value: Value, at: Date)?>(nil)
    init(seconds: Double) { self.seconds = seconds }

    func value(_ read: () async throws -> Value) async rethrows -> Value {
        if let cached = box.withLockedValue({ $0 }), Date().timeIntervalSince(cached.at) < seconds { return cached.value }
        let value = try await read()
        box.withLockedValue { $0 = (value, Date()) }
        return value
    }
}
