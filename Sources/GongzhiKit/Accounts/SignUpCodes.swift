@preconcurrency import Crypto
import Fluent
import Foundation
import GongzhiCore
import SQLKit
import Vapor

/// Which kind of person of the registry an account belongs to.
public enum PersonKind: String, Codable, Sendable, CaseIterable {
    case resident, partyMember, unit
    /// The one role this kind of person holds as themselves.
    public var role: Role { switch self { case .resident: .resident; case .partyMember: .partyMember; case .unit: .unitContact } }
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
        let expires = now.addingTimeInterval(Double(validDays) * 86_400)
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
    public static func redeem(_ code: String, username: String, password: String, cost: Int, now: Date, on db: any Database) async throws -> User? {
        struct Row: Decodable { let id: Int; let person_kind: String; let person_id: Int; let person_name: String; let role: String; let place_id: Int; let place_path: String }
        let seconds = Int(now.timeIntervalSince1970)
        return try await db.transaction { db in
            // The code is claimed first, by the write that uses it up: two redemptions at once cannot both succeed, and
            // the transaction begins with its write (on SQLite one that reads first may be refused by a concurrent writer).
            // `user_id` 0 marks the claim until the account exists (a code replaced by a newer one has no user at all).
            try await db.sql.update(table).set("used_at", to: SQLBind(seconds)).set("user_id", to: SQLBind(0))
                .where("code_hash", .equal, SQLBind(hash(code))).where(SQLColumn("used_at"), .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, SQLBind(seconds)).run()
            guard let row = try await db.sql.select().columns("id", "person_kind", "person_id", "person_name", "role", "place_id", "place_path").from(table)
                .where("code_hash", .equal, SQLBind(hash(code))).where("user_id", .equal, SQLBind(0))
                .first(decoding: Row.self),
                  let kind = PersonKind(rawValue: row.person_kind), let role = Role(rawValue: row.role), Role.people.contains(role) else { return nil }
            let user = try await Accounts.create(username: username, displayName: row.person_name, password: password,
                                                 grants: [(role, placeID: row.place_id, placePath: row.place_path)], cost: cost, on: db)
            user.personKind = kind; user.personID = row.person_id
            try await user.update(on: db)
            try await db.sql.update(table).set("user_id", to: SQLBind(try user.requireID())).where("id", .equal, SQLBind(row.id)).run()
            return user
        }
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
