import Fluent
import Vapor

/// Creating users and granting roles: one way, shared by the setup page, the users page and the command line.
public enum Accounts {
    /// Password rules of this foundation; the security module tightens them (three classes, rotation).
    public static func problems(password: String, username: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if password.count < 8 { problems.append(FieldProblem("password", "密码至少8位")) }
        if password.lowercased() == username.lowercased() { problems.append(FieldProblem("password", "密码不能与用户名相同")) }
        return problems
    }

    @discardableResult
    public static func create(username: String, displayName: String, password: String, grants: [(Role, placeID: Int, placePath: String)],
                              cost: Int, on db: any Database) async throws -> User {
        var problems: [FieldProblem] = []
        let name = username.trimmingCharacters(in: .whitespaces)
        if !(3...32).contains(name.count) || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }) {
            problems.append(FieldProblem("username", "用户名为3–32位字母、数字、下划线、连字符或点"))
        }
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(FieldProblem("displayName", "请填写姓名")) }
        problems += Self.problems(password: password, username: name)
        if try await User.query(on: db).filter(\.$username == name).first() != nil {
            problems.append(FieldProblem("username", "用户名“\(name)”已被使用"))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let user = User(username: name, displayName: displayName.trimmingCharacters(in: .whitespaces),
                        passwordHash: try Bcrypt.hash(password, cost: cost))
        try await db.transaction { db in
            try await user.create(on: db)
            for grant in grants {
                try await UserRole(userID: user.id!, role: grant.0, placeID: grant.placeID, placePath: grant.placePath).create(on: db)
            }
        }
        return user
    }

    /// The user whose password matches, or nil; the same answer for a wrong name and a wrong password.
    public static func verify(username: String, password: String, on db: any Database) async throws -> User? {
        guard let user = try await User.query(on: db).filter(\.$username == username).first(), user.active else {
            _ = try? Bcrypt.verify(password, created: "$2b$12$0000000000000000000000000000000000000000000000000000.")
            return nil
        }
        return try Bcrypt.verify(password, created: user.passwordHash) ? user : nil
    }
}
