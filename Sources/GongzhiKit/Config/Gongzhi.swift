import Fluent
import SQLKit
import Vapor
import NIOConcurrencyHelpers

/// What the assembled application shares with every module: configuration, the personal-data vault,
/// and the navigation that modules register when they boot.
public final class Gongzhi: @unchecked Sendable {
    public let config: AppConfig
    public let vault: PersonalDataVault
    private let lock = NIOLock()
    private var _navigation: [NavItem] = []

    init(config: AppConfig) {
        self.config = config
        self.vault = PersonalDataVault(masterKey: config.dataKey)
    }

    public var navigation: [NavItem] { lock.withLock { _navigation } }
    public func register(_ item: NavItem) { lock.withLock { _navigation.append(item) } }
}

/// A module's entry in the navigation bar, shown to the roles that may use it.
public struct NavItem: Sendable, Encodable {
    public let title: String
    public let path: String
    public let roles: Set<Role>
    public init(_ title: String, path: String, roles: Set<Role>) { self.title = title; self.path = path; self.roles = roles }
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
    public var sql: any SQLDatabase { db as! any SQLDatabase }
}

extension Database {
    public var sql: any SQLDatabase { self as! any SQLDatabase }
    public var isPostgres: Bool { sql.dialect.name == "postgresql" }
}
