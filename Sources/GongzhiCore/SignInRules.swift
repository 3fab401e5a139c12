import Foundation

/// Password and lock-out rules for identity authentication (GB/T 22239-2019 level 3, 8.1.4.1: passwords have
/// complexity requirements and are changed regularly; failed sign-ins end the attempt, limit retries and lock).
/// Defaults are the issue's: 8 characters of three classes, not the user name, changed every 90 days, locked for
/// 30 minutes after 5 failures. *Configurable* where local practice differs (the days and minutes come from configuration).
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let minimumClasses = 3

    /// What is wrong with `password` for `username`, in words a user can act on; empty when it is acceptable.
    public static func problems(password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("密码至少\(minimumLength)位") }
        let classes = [password.contains { $0.isASCII && $0.isUppercase }, password.contains { $0.isASCII && $0.isLowercase },
                       password.contains { $0.isASCII && $0.isNumber }, password.contains { !($0.isASCII && ($0.isLetter || $0.isNumber)) }]
        if classes.filter({ $0 }).count < minimumClasses { problems.append("密码须包含大写字母、小写字母、数字、符号中的至少\(minimumClasses)类") }
        let name = username.lowercased()
        if !name.isEmpty && password.lowercased().contains(name) { problems.append("密码不能包含用户名") }
        return problems
    }

    /// Whether a password set at `changedAt` must be changed at `now`.
    public static func isExpired(changedAt: Date, maxAgeDays: Int, now: Date) -> Bool {
        now.timeIntervalSince(changedAt) > Double(maxAgeDays) * 86_400
    }
}

/// Locking an account after repeated wrong passwords.
public struct LockoutRule: Sendable {
    public let maxFailures: Int
    public let lockSeconds: Int
    public init(maxFailures: Int = 5, lockMinutes: Int = 30) { self.maxFailures = maxFailures; self.lockSeconds = lockMinutes * 60 }

    /// After a wrong password: the new failure count, and the time the account stays locked until (when it locks).
    public func afterFailure(failures: Int, now: Int) -> (failures: Int, lockedUntil: Int?) {
        failures + 1 >= maxFailures ? (0, now + lockSeconds) : (failures + 1, nil)
    }
}
