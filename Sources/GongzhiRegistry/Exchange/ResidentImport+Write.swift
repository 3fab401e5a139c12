import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

extension ResidentLedger {
    struct ExistingRecords {
        var residents: [Int: Existing] = [:]
        var householdsByCode: [String: (id: Int, path: String)] = [:]
        var ownerOfHash: [String: Int] = [:]
    }

    /// The stored records a file refers to: its residents (within scope), its household codes and ID-number hashes (anywhere).
    static func loadExisting(_ ledger: Ledger, numbers: [ParsedID], scope: PlaceScope, on db: any Database) async throws -> ExistingRecords {
        var result = ExistingRecords()
        let ids = Set(ledger.rows.compactMap { Int($0["居民编号"]) })
        for chunk in Array(ids).chunks(of: 1_000) {
            let rows = try await db.sql.select().column("*").from(Resident.schema)
                .where(SQLColumn("id"), .in, SQLBind.group(Array(chunk))).where(scope.predicate("path"))
                .all(decoding: Existing.self)
            for r in rows { result.residents[r.id] = r }
        }
        struct H: Decodable { let id: Int; let code: String; let path: String }
        for chunk in Array(Set(ledger.rows.map { $0["户编号"] })).chunks(of: 1_000) {
            for h in try await db.sql.select().columns("id", "code", "path").from(Household.schema)
                .where(SQLColumn("code"), .in, SQLBind.group(Array(chunk))).all(decoding: H.self) {
                result.householdsByCode[h.code] = (h.id, h.path)
            }
        }
        // Who already holds each number in the file, anywhere in the instance: one person, one record.
        // While keys rotate a stored hash may be under the previous key: it counts as the current one.
        var current: [String: String] = [:]
        for number in numbers { for hash in number.hashes { current[hash] = number.hash } }
        struct Holder: Decodable { let id: Int; let id_hash: String }
        for chunk in Array(current.keys).chunks(of: 1_000) {
            for h in try await db.sql.select().columns("id", "id_hash").from(Resident.schema)
                .where(SQLColumn("id_hash"), .in, SQLBind.group(Array(chunk))).all(decoding: Holder.self) {
                result.ownerOfHash[current[h.id_hash] ?? h.id_hash] = h.id
            }
        }
        return result
    }

    static func write(_ rows: [Valid], existing: ExistingRecords, vault: PersonalDataVault, on db: any Database) async throws -> ImportSummary {
        var codes: [String: PlaceIndex.Entry] = [:]
        for row in rows where existing.householdsByCode[row.householdCode] == nil { codes[row.householdCode] = row.dwelling }
        let newHouseholdCodes = codes
        // Sealing is the costly part of a new row; it runs on every core before the transaction.
        let sealed = Parallel.map(rows) { row in
            row.residentID == nil ? (row.idNumber.map { vault.seal($0.value) }, row.phone.map { vault.seal($0.value) }) : (nil, nil)
        }
        let summary = try await db.transaction { db in
            var added = 0, updated = 0, unchanged = 0
            var touched = Set<String>()
            var households = BulkInsert(Household.schema, columns: ["dwelling_id", "path", "code"])
            for (code, dwelling) in newHouseholdCodes { households.append([dwelling.id, dwelling.path, code]) }
            try await households.run(on: db)
            var householdIDs = existing.householdsByCode.mapValues(\.id)
            struct H: Decodable { let id: Int; let code: String }
            for chunk in Array(newHouseholdCodes.keys).chunks(of: 1_000) {
                for h in try await db.sql.select().columns("id", "code").from(Household.schema)
                    .where(SQLColumn("code"), .in, SQLBind.group(Array(chunk))).all(decoding: H.self) { householdIDs[h.code] = h.id }
            }
            var inserts = BulkInsert(Resident.schema, columns: ["household_id", "path", "name", "gender", "birth_date", "id_sealed", "id_hash",
                                                                  "id_masked", "phone_sealed", "phone_masked", "residency", "tags", "relation"])
            for (row, sealed) in zip(rows, sealed) {
                let householdID = householdIDs[row.householdCode]!
                guard let id = row.residentID, let stored = existing.residents[id] else {
                    inserts.append([householdID, row.dwelling.path, row.name, row.gender.rawValue, row.birth,
                                    sealed.0, row.idHash, row.idNumber?.masked,
                                    sealed.1, row.phone?.masked, row.residency.rawValue, row.tags, row.relation])
                    touched.insert(row.dwelling.path)
                    added += 1
                    continue
                }
                var changes: [(String, SQLBind)] = []
                func set(_ column: String, _ value: some Encodable & Sendable) { changes.append((column, SQLBind(value))) }
                if stored.household_id != householdID { set("household_id", householdID); set("path", row.dwelling.path); touched.formUnion([stored.path, row.dwelling.path]) }
                if stored.name != row.name { set("name", row.name) }
                if stored.gender != row.gender.rawValue { set("gender", row.gender.rawValue) }
                if stored.birth_date != row.birth { set("birth_date", row.birth) }
                if let idNumber = row.idNumber, let hash = row.idHash, stored.id_masked != idNumber.masked || existing.ownerOfHash[hash] != id {
                    set("id_sealed", vault.seal(idNumber.value)); set("id_hash", hash); set("id_masked", idNumber.masked)
                }
                if !row.keepPhone && stored.phone_masked != row.phone?.masked { set("phone_sealed", row.phone.map { vault.seal($0.value) }); set("phone_masked", row.phone?.masked) }
                if stored.residency != row.residency.rawValue { set("residency", row.residency.rawValue) }
                if stored.tags != row.tags { set("tags", row.tags) }
                if stored.relation != row.relation { set("relation", row.relation) }
                if changes.isEmpty { unchanged += 1; continue }
                let update = db.sql.update(Resident.schema).where("id", .equal, id)
                for (column, value) in changes { update.set(column, to: value) }
                try await update.run()
                updated += 1
            }
            try await inserts.run(on: db)
            if touched.count > 200 { try await Rollups.refresh(on: db) } else { try await Rollups.refresh(on: db, above: Array(touched)) }
            return ImportSummary(added: added, updated: updated, unchanged: unchanged, newHouseholds: newHouseholdCodes.count)
        }
        // Large imports change the tables' shape; fresh statistics keep searches on the narrow index.
        if rows.count > 1_000 { try await db.analyze() }
        return summary
    }
}

extension Array {
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
    }
}
