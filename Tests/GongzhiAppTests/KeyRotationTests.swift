import Crypto
import Fluent
import Foundation
import GongzhiKit
import GongzhiRegistry
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GongzhiApp

/// Rotating the personal-data key: while both keys are configured every value opens and every number is found;
/// the rotation re-seals and re-hashes everything under the new key, can be run again, and old audit entries still verify.
struct KeyRotationTests {
    @Test(arguments: TestDatabase.available)
    func everythingIsResealedUnderTheNewKey(database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            _ = try await t.signInAdministrator("admin")  // an authenticator secret to rotate too
            let old = t.app.gongzhi.config.dataKey
            let new = SymmetricKey(size: .bits256)
            let during = PersonalDataVault(masterKey: new, previousKey: old)
            struct Row: Decodable { let id: Int; let id_sealed: String?; let id_hash: String? }
            let before = try await t.app.db.sql.raw("SELECT id, id_sealed, id_hash FROM residents ORDER BY id").all(decoding: Row.self)
            let numbers = try before.map { try during.open($0.id_sealed!) }
            #expect(zip(before, numbers).allSatisfy { during.searchHashes($0.1).contains($0.0.id_hash!) }, "found by either hash while rotating")

            var changed = 0
            for columns in Modules.all.flatMap { $0.sealedColumns } {
                changed += try await KeyRotation.reseal(columns, vault: during, batch: 100, on: t.app.db)
            }
            #expect(changed >= before.count + 1)

            let after = PersonalDataVault(masterKey: new)
            let rows = try await t.app.db.sql.raw("SELECT id, id_sealed, id_hash FROM residents ORDER BY id").all(decoding: Row.self)
            #expect(try rows.map { try after.open($0.id_sealed!) } == numbers, "the same numbers, under the new key alone")
            #expect(zip(rows, numbers).allSatisfy { after.searchHash($0.1) == $0.0.id_hash }, "re-hashed for search")
            struct Secret: Decodable { let totp_secret: String }
            let secret = try await t.app.db.sql.raw("SELECT totp_secret FROM users WHERE username = 'admin'").first(decoding: Secret.self)!
            #expect(after.isCurrent(secret.totp_secret))
            var again = 0
            for columns in Modules.all.flatMap { $0.sealedColumns } { again += try await KeyRotation.reseal(columns, vault: during, on: t.app.db) }
            #expect(again == 0, "a second run has nothing left to do")

            // Entries chained before the rotation verify with the previous key kept; without it they are named.
            let keys = [AuditLog.key(from: new), AuditLog.key(from: old)]
            #expect(try await AuditLog.verify(keys: keys, on: t.app.db).isIntact)
            #expect(try await AuditLog.verify(keys: [AuditLog.key(from: new)], on: t.app.db).problems.first?.contains("不在当前配置中") == true)
        }
    }
}
