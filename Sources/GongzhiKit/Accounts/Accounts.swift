import Fluent
import GongzhiCore
import Vapor

/// Creating users, checking passwords and changing them: one way, shared by the setup page, the users page,
/// the account page and the command line.
public enum Accounts {
    public static let lockout = LockoutRule()

    public static func problems(password: String, username: String) -> [FieldProblem] {
        PasswordPolicy.problems(password: password, username: username).map { FieldProblem("password", $0) }
    }

    @discardableResult
    public static func create(username: String, displayName: String, password: String, grants: [(Role, placeID: Int, placePath: String)],
                              cost: Int, mustChangePassword: Bool = false, on db: any Database) async throws -> User {
        var problems: [FieldProblem] = []
        let name = username.trimmingCharacters(in: .whitespaces)
        if !(3...32).contains(name.count) || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }) {
            problems.append(FieldProblem("username", "用户名为3–32位字母、数字、下划线、连字符或点"))
        }
        let displayName = TextRule.personName().check(displayName, field: "displayName", into: &problems) ?? ""
        problems += Self.problems(password: password, username: name)
        if try await User.query(on: db).filter(\.$username == name).first() != nil {
            problems.append(FieldProblem("username", "用户名“\(name)”已被使用"))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let user = User(username: name, displayName: displayName,
                        passwordHash: try Bcrypt.hash(password, cost: cost))
        user.mustChangePassword = mustChangePassword
        try await db.transaction { db in
            try await user.create(on: db)
            for grant in grants {
                try await UserRole(userID: try user.requireID(), role: grant.0, placeID: grant.placeID, placePath: grant.placePath).create(on: db)
            }
        }
        return user
    }

    public enum SignInOutcome: Sendable {
        case success(User)
        /// Wrong name or wrong password: the same answer, so nobody learns which names exist.
        case wrong
        /// Locked after too many wrong passwords, until this time (the right password does not open it either).
        case locked(until: Date)
    }

    /// Checks a password, counting failures and locking the account on the fifth (GB/T 22239-2019 8.1.4.1 b).
    public static func verify(username: String, password: String, now: Date, on db: any Database) async throws -> SignInOutcome {
        guard let user = try await User.query(on: db).filter(\.$username == username).first(), user.active else {
            _ = try? Bcrypt.verify(password, created: "$2b$12$0000000000000000000000000000000000000000000000000000.")
            return .wrong
        }
        let seconds = Int(now.timeIntervalSince1970)
        if let until = user.lockedUntil, until > seconds { return .locked(until: Date(timeIntervalSince1970: Double(until))) }
        guard try Bcrypt.verify(password, created: user.passwordHash) else {
            return try await recordFailure(user, now: now, on: db).map { .locked(until: $0) } ?? .wrong
        }
        try await recordSuccess(user, on: db)
        return .success(user)
    }

    /// Counts a wrong password or one-time code; returns the end of the lock when this failure locks the account.
    public static func recordFailure(_ user: User, now: Date, on db: any Database) async throws -> Date? {
        let next = lockout.afterFailure(failures: user.failedAttempts, now: Int(now.timeIntervalSince1970))
        user.failedAttempts = next.failures
        user.lockedUntil = next.lockedUntil
        try await user.update(on: db)
        return next.lockedUntil.map { Date(timeIntervalSince1970: Double($0)) }
    }

    static func recordSuccess(_ user: User, on db: any Database) async throws {
        guard user.failedAttempts != 0 || user.lockedUntil != nil else { return }
        user.failedAttempts = 0; user.lockedUntil = nil
        try await user.update(on: db)
    }

    /// Sets a new password chosen by its owner and ends the user's other sessions.
    public static func changePassword(_ user: User, to password: String, cost: Int, now: Date, keeping sessionID: Int?, on db: any Database) async throws {
        let problems = Self.problems(password: password, username: user.username)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        if try Bcrypt.verify(password, created: user.passwordHash) { throw AppError.invalid("password", "新密码不能与原密码相同") }
        user.passwordHash = try Bcrypt.hash(password, cost: cost)
        user.passwordChangedAt = now
        user.mustChangePassword = false
        try await db.transaction { db in
            try await user.update(on: db)
            try await SignInSessions.endAll(userID: try user.requireID(), except: sessionID, on: db)
        }
    }
}
