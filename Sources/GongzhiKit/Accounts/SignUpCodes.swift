@preconcurrency import Crypto
import Fluent
import Foundation
import GongzhiCore
import SQLKit
import Vapor

/// Which kind of person of the registry an account belongs to.
public enum PersonKind: String, Codable, Sendable, CaseIterable {
    case resident, partyMember, unit
    /// Not a person: a household's invitation, with which each of its adults makes their own (resident) account.
    case household
    /// A holder of a building group's 1+3+N role (its leader, a manager), who records for the group: the id is the role's.
    case groupLeader
    /// An enumerator recruited for a census campaign without an account of their own: the id is their census membership's.
    case enumerator
    /// The one role this kind of person holds as themselves.
    public var role: Role {
        switch self {
        case .resident, .household: .resident; case .partyMember: .partyMember; case .unit: .unitContact; case .groupLeader: .buildingGroupLeader
        case .enumerator: .censusEnumerator
        }
    }
}

/// Who of a household's members an ID number names, as the registry answers (it sets `Gongzhi.households`).
public enum HouseholdMember: Sendable {
    case adult(residentID: Int, name: String, placeID: Int, placePath: String)
    case minor
    case notMember
    case invalid(String)
}

/// How accounts learn who belongs to a household without knowing the registry's tables.
public struct HouseholdRoll: Sendable {
    public let member: @Sendable (_ db: any Database, _ household: Int, _ idNumber: String, _ today: CivilDate) async throws -> HouseholdMember
    public init(member: @escaping @Sendable (any Database, Int, String, CivilDate) async throws -> HouseholdMember) { self.member = member }
}

/// The person of the registry an account belongs to.
public struct Person: Sendable, Hashable, Codable {
    public let kind: PersonKind
    public let id: Int
    public init(kind: PersonKind, id: Int) { self.kind = kind; self.id = id }
}

/// One-time codes by which people of the registry make their own sign-in: a community worker issues one for a
/// person within their places (the registry's record pages), hands it over on a printed slip, and the person makes
/// an account with it (`/signup`) that holds the one role of their kind over their own place. A code is used once,
/// lasts 7 days, and only its hash is stored (docs/GLOSSARY.md, "Accounts of people").
public enum SignUpCodes {
    static let table = "sign_up_codes"
    public static let validDays = 7
    /// A household's invitation letter lasts longer: every adult of the household registers with it.
    public static let householdValidDays = 30

    /// What a code is for, as the issuing page knows it.
    public struct Grant: Sendable {
        public let person: Person
        /// The person's name, which becomes the account's display name.
        public let name: String
        /// The person's own place: their dwelling, their member record's place, their unit's place.
        public let placeID: Int
        public let placePath: String
        public init(person: Person, name: String, placeID: Int, placePath: String) {
            self.person = person; self.name = name; self.placeID = placeID; self.placePath = placePath
        }
    }

    /// Issues a code for `grant`; earlier unused codes for the same person stop working.
    public static func issue(_ grant: Grant, by issuer: CurrentUser, now: Date, on db: any Database) async throws -> (code: String, expires: Date) {
        let code = OneTimeCodes.signUpCode()
        let expires = now.addingTimeInterval(Double(grant.person.kind == .household ? householdValidDays : validDays) * 86_400)
        try await db.transaction { db in
            try await db.sql.update(table).set("used_at", to: SQLBind(Int(now.timeIntervalSince1970)))
                .where("person_kind", .equal, SQLBind(grant.person.kind.rawValue)).where("person_id", .equal, SQLBind(grant.person.id))
                .where(SQLColumn("used_at"), .is, SQLLiteral.null).run()
            try await db.sql.insert(into: table)
                .columns("code_hash", "person_kind", "person_id", "person_name", "role", "place_id", "place_path", "issued_by", "issued_at", "expires_at")
                .values(SQLBind(hash(code)), SQLBind(grant.person.kind.rawValue), SQLBind(grant.person.id), SQLBind(grant.name),
                        SQLBind(grant.person.kind.role.rawValue), SQLBind(grant.placeID), SQLBind(grant.placePath), SQLBind(issuer.id),
                        SQLBind(Int(now.timeIntervalSince1970)), SQLBind(Int(expires.timeIntervalSince1970)))
                .run()
        }
        return (code, expires)
    }

    /// Makes the account a valid, unused code is for, and uses the code up; nil when the code is wrong, used or expired.
    /// A household's code is not used up: each adult of the household makes their own account with it and their own
    /// ID number (`idNumber`, checked by `roll`), once; a problem with the number is thrown beside the field `idNumber`.
    public static func redeem(_ code: String, idNumber: String = "", username: String, password: String, cost: Int, now: Date,
                              roll: HouseholdRoll? = nil, on db: any Database) async throws -> User? {
        struct Row: Decodable { let id: Int; let person_kind: String; let person_id: Int; let person_name: String; let role: String; let place_id: Int; let place_path: String }
        let seconds = Int(now.timeIntervalSince1970)
        let columns = ["id", "person_kind", "person_id", "person_name", "role", "place_id", "place_path"]
        if let household = try await db.sql.select().columns(columns.map { SQLColumn($0) }).from(table)
            .where("code_hash", .equal, SQLBind(hash(code))).where("person_kind", .equal, SQLBind(PersonKind.household.rawValue))
            .where(SQLColumn("used_at"), .is, SQLLiteral.null).where("expires_at", .greaterThan, SQLBind(seconds))
            .first(decoding: Row.self) {
            guard let roll else { return nil }
            return try await joinHousehold(household.person_id, idNumber: idNumber, username: username, password: password, cost: cost,
                                           today: BeijingTime.day(of: now), roll: roll, on: db)
        }
        return try await db.transaction { db in
            // The code is claimed first, by the write that uses it up: two redemptions at once cannot both succeed, and
            // the transaction begins with its write (on SQLite one that reads first may be refused by a concurrent writer).
            // `user_id` 0 marks the claim until the account exists (a code replaced by a newer one has no user at all).
            try await db.sql.update(table).set("used_at", to: SQLBind(seconds)).set("user_id", to: SQLBind(0))
                .where("code_hash", .equal, SQLBind(hash(code))).where(SQLColumn("used_at"), .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, SQLBind(seconds)).run()
            guard let row = try await db.sql.select().columns(columns.map { SQLColumn($0) }).from(table)
                .where("code_hash", .equal, SQLBind(hash(code))).where("user_id", .equal, SQLBind(0))
                .first(decoding: Row.self),
                  let kind = PersonKind(rawValue: row.person_kind), let role = Role(rawValue: row.role), kind.role == role else { return nil }
            if try await User.query(on: db).filter(\.$personKind == kind).filter(\.$personID == row.person_id).count() > 0 {
                throw AppError.invalid("code", "这个登录码所属的人已有账号；忘记用户名或密码请向社区申请重置")
            }
            let user = try await Accounts.create(username: username, displayName: row.person_name, password: password,
                                                 grants: [(role, placeID: row.place_id, placePath: row.place_path)], cost: cost, on: db)
            user.personKind = kind; user.personID = row.person_id
            try await user.update(on: db)
            try await db.sql.update(table).set("user_id", to: SQLBind(try user.requireID())).where("id", .equal, SQLBind(row.id)).run()
            return user
        }
    }

    /// An adult of the household makes their account, bound to themselves (a resident) over their own dwelling.
    static func joinHousehold(_ household: Int, idNumber: String, username: String, password: String, cost: Int, today: CivilDate,
                              roll: HouseholdRoll, on db: any Database) async throws -> User {
        switch try await roll.member(db, household, idNumber, today) {
        case .invalid(let reason): throw AppError.invalid("idNumber", reason)
        case .notMember: throw AppError.invalid("idNumber", "该公民身份号码不是本户登记的成员，请核对，或请社区先在居民台账中登记")
        case .minor: throw AppError.invalid("idNumber", "未满18周岁的家庭成员不能注册账号")
        case .adult(let resident, let name, let placeID, let placePath):
            if try await User.query(on: db).filter(\.$personKind == .resident).filter(\.$personID == resident).count() > 0 {
                throw AppError.invalid("idNumber", "您已注册过账号；忘记用户名或密码请向社区申请重置")
            }
            return try await db.transaction { db in
                let user = try await Accounts.create(username: username, displayName: name, password: password,
                                                     grants: [(.resident, placeID: placeID, placePath: placePath)], cost: cost, on: db)
                user.personKind = .resident; user.personID = resident
                try await user.update(on: db)
                return user
            }
        }
    }

    /// The username of the account bound to a person, if they have one.
    public static func account(of person: Person, on db: any Database) async throws -> String? {
        try await User.query(on: db).filter(\.$personKind == person.kind).filter(\.$personID == person.id).first()?.username
    }

    /// A person who lost their password or username: their account is stopped and unbound (its history stays in the
    /// audit log), its sessions end, so that a new code makes them a new one.
    public static func release(_ person: Person, on db: any Database) async throws {
        guard let user = try await User.query(on: db).filter(\.$personKind == person.kind).filter(\.$personID == person.id).first() else { return }
        user.active = false; user.personKind = nil; user.personID = nil
        try await user.update(on: db)
        try await SignInSessions.endAll(userID: try user.requireID(), on: db)
    }

    static func hash(_ code: String) -> String { OneTimeCodes.recoveryHash(code) }
}

struct AddPeopleAccounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema).field("person_kind", .string).update()
        try await db.schema(User.schema).field("person_id", .int).update()
        try await db.schema(SignUpCodes.table)
            .field(.id, .int, .identifier(auto: true))
            .field("code_hash", .string, .required)
            .field("person_kind", .string, .required)
            .field("person_id", .int, .required)
            .field("person_name", .string, .required)
            .field("role", .string, .required)
            .field("place_id", .int, .required)
            .field("place_path", .string, .required)
            .field("issued_by", .int, .required)
            .field("issued_at", .int, .required)
            .field("expires_at", .int, .required)
            .field("used_at", .int)
            .field("user_id", .int)
            .unique(on: "code_hash")
            .create()
        try await db.createIndex(SignUpCodes.table, "person_kind", "person_id")
    }
    func revert(on db: any Database) async throws {
        try await db.schema(SignUpCodes.table).delete()
        for name in ["person_kind", "person_id"] { try await db.schema(User.schema).deleteField(FieldKey(stringLiteral: name)).update() }
    }
}

/// One person, one account: the database refuses a second account bound to the same person.
struct OnePersonOneAccount: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw("CREATE UNIQUE INDEX users_person ON users (person_kind, person_id) WHERE person_id IS NOT NULL").run()
    }
    func revert(on db: any Database) async throws { try await db.sql.raw("DROP INDEX users_person").run() }
}
