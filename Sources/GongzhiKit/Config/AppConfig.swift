import Foundation
@preconcurrency import Crypto

/// Every setting Gongzhi reads from its environment, read in this one place.
/// Start-up fails with the whole list of what is missing or malformed.
public struct AppConfig: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseLocation
    /// The master key for personal data (`GONGZHI_DATA_KEY`, 32 bytes in base64). Never stored in the database.
    public var dataKey: SymmetricKey
    /// The key before the last rotation (`GONGZHI_DATA_KEY_PREVIOUS`), kept until `gongzhi keys rotate` has re-sealed everything.
    public var previousDataKey: SymmetricKey?
    public var bcryptCost: Int
    /// Days after which a demo or operator password must be changed (used by the security module).
    public var passwordMaxAgeDays: Int
    /// A session unused this long is ended (`GONGZHI_SESSION_IDLE_MINUTES`, default 30).
    public var sessionIdleMinutes: Int
    /// A session is ended this long after sign-in however busy (`GONGZHI_SESSION_MAX_HOURS`, default 12).
    public var sessionMaxHours: Int
    /// Days the audit log is kept before `gongzhi audit prune` may remove entries (`GONGZHI_AUDIT_RETENTION_DAYS`,
    /// default and minimum 180, as MLPS level 3 requires at least six months).
    public var auditRetentionDays = 180
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the real client (`GONGZHI_TRUSTED_PROXIES`, comma-separated).
    public var trustedProxies: Set<String> = []

    public init(database: DatabaseLocation, dataKey: SymmetricKey, bcryptCost: Int = 12, passwordMaxAgeDays: Int = 90,
                sessionIdleMinutes: Int = 30, sessionMaxHours: Int = 12) {
        self.database = database; self.dataKey = dataKey; self.bcryptCost = bcryptCost
        self.passwordMaxAgeDays = passwordMaxAgeDays; self.sessionIdleMinutes = sessionIdleMinutes; self.sessionMaxHours = sessionMaxHours
    }

    public struct Problems: Error, CustomStringConvertible {
        public let messages: [String]
        public var description: String { "配置有误：\n" + messages.map { "  - " + $0 }.joined(separator: "\n") }
    }

    /// Reads `DATABASE_URL` (`sqlite:PATH`, a bare path, or `postgres://…`; default `gongzhi.sqlite`),
    /// `GONGZHI_DATA_KEY`, `GONGZHI_BCRYPT_COST`, `GONGZHI_PASSWORD_MAX_AGE_DAYS`,
    /// `GONGZHI_SESSION_IDLE_MINUTES`, `GONGZHI_SESSION_MAX_HOURS`, `GONGZHI_TRUSTED_PROXIES`, `GONGZHI_DATA_KEY_PREVIOUS`.
    /// With SQLite and no key, a key file is created beside the database file (mode 0600) so a newcomer needs no setup.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var problems: [String] = []
        let url = env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "gongzhi.sqlite"
        let database: DatabaseLocation
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            database = .postgres(url: url)
        } else if url.hasPrefix("sqlite:") {
            database = .sqlite(path: String(url.dropFirst("sqlite:".count)).replacingOccurrences(of: "//", with: ""))
        } else if url.contains("://") {
            problems.append("DATABASE_URL 只支持 sqlite:路径 或 postgres://…，收到 \(url.prefix(12))…")
            database = .sqlite(path: "gongzhi.sqlite")
        } else {
            database = .sqlite(path: url)
        }

        var key = SymmetricKey(size: .bits256)
        if let text = env["GONGZHI_DATA_KEY"], !text.isEmpty {
            if let data = Data(base64Encoded: text), data.count == 32 { key = SymmetricKey(data: data) }
            else { problems.append("GONGZHI_DATA_KEY 应为32字节密钥的Base64编码（可用 `openssl rand -base64 32` 生成）") }
        } else if case .sqlite(let path) = database, path != ":memory:" {
            do { key = try KeyFile.loadOrCreate(at: path + ".key") }
            catch { problems.append("无法读取或创建密钥文件 \(path).key：\(error)") }
        } else {
            problems.append("使用PostgreSQL时必须设置 GONGZHI_DATA_KEY（个人信息加密密钥，不得存入数据库）")
        }

        let cost = Int(env["GONGZHI_BCRYPT_COST"] ?? "12")
        if cost == nil || !(4...31).contains(cost!) { problems.append("GONGZHI_BCRYPT_COST 应为4–31之间的整数") }
        let maxAge = Int(env["GONGZHI_PASSWORD_MAX_AGE_DAYS"] ?? "90")
        if maxAge == nil || maxAge! < 1 { problems.append("GONGZHI_PASSWORD_MAX_AGE_DAYS 应为正整数") }

        let idle = Int(env["GONGZHI_SESSION_IDLE_MINUTES"] ?? "30")
        if idle == nil || idle! < 1 { problems.append("GONGZHI_SESSION_IDLE_MINUTES 应为正整数（分钟）") }
        let lifetime = Int(env["GONGZHI_SESSION_MAX_HOURS"] ?? "12")
        if lifetime == nil || lifetime! < 1 { problems.append("GONGZHI_SESSION_MAX_HOURS 应为正整数（小时）") }

        guard problems.isEmpty else { throw Problems(messages: problems) }
        var config = AppConfig(database: database, dataKey: key, bcryptCost: cost!, passwordMaxAgeDays: maxAge!,
                               sessionIdleMinutes: idle!, sessionMaxHours: lifetime!)
        if let text = env["GONGZHI_DATA_KEY_PREVIOUS"], !text.isEmpty {
            guard let data = Data(base64Encoded: text), data.count == 32 else {
                throw Problems(messages: ["GONGZHI_DATA_KEY_PREVIOUS 应为32字节密钥的Base64编码（轮换前的 GONGZHI_DATA_KEY）"])
            }
            config.previousDataKey = SymmetricKey(data: data)
        }
        if let text = env["GONGZHI_AUDIT_RETENTION_DAYS"], !text.isEmpty {
            guard let days = Int(text), days >= 180 else { throw Problems(messages: ["GONGZHI_AUDIT_RETENTION_DAYS 应为不小于180的整数（等级保护要求审计记录至少保存6个月）"]) }
            config.auditRetentionDays = days
        }
        config.trustedProxies = Set((env["GONGZHI_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return config
    }
}

enum KeyFile {
    static func loadOrCreate(at path: String) throws -> SymmetricKey {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 {
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0) }.base64EncodedString()
        guard FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        return key
    }
}
