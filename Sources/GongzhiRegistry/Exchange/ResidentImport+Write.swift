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
        for h in try await db.rows(["id", "code", "path"], from: Household.schema, where: "code", in: Set(ledger.rows.map { $0["户编号"] }).sorted()) {
            result.householdsByCode[try h.decode(column: "code", as: String.self)] = (try h.decode(column: "id", as: Int.self), try h.decode(column: "path", as: String.self))
        }
        // Who already holds each number in the file, anywhere in the instance: one person, one record.
        // While keys rotate a stored hash may be under the previous key: it counts as the current one.
        var current: [String: String] = [:]
        for number in numbers { for hash in number.hashes { current[hash] = number.hash } }
        for h in try await db.rows(["id", "id_hash"], from: Resident.schema, where: "id_hash", in: current.keys.sorted()) {
            let hash = try h.decode(column: "id_hash", as: String.self)
            result.ownerOfHash[current[hash] ?? hash] = try h.decode(column: "id", as: Int.self)
        }
        return result
    }

    static func write(_ rows: [Valid], existing: ExistingRecords, vault: PersonalDataVault, dependents: [ResidentDependent],
                      on db: any Database) async throws -> ImportSummary {
        var codes: [String: PlaceIndex.Entry] = [:]
        for row in rows where existing.householdsByCode[row.householdCode] == nil { codes[row.householdCode] = row.dwelling }
        let newHouseholdCodes = codes
        var added = 0, updated = 0, unchanged = 0
        var touched = Set<String>()
        var moved: [Int: String] = [:]
        var households = BulkInsert(Household.schema, columns: ["dwelling_id", "path", "code"])
        for (code, dwelling) in newHouseholdCodes { households.append([dwelling.id, dwelling.path, code]) }
        var householdIDs = existing.householdsByCode.mapValues(\.id)
        for h in try await households.run(on: db, returning: ["id", "code"]) {
            householdIDs[try h.decode(column: "code", as: String.self)] = try h.decode(column: "id", as: Int.self)
        }
        var new: [(Valid, householdID: Int)] = []
        for row in rows {
            let householdID = householdIDs[row.householdCode]!
            guard let id = row.residentID, let stored = existing.residents[id] else {
                new.append((row, householdID))
                touched.insert(row.dwelling.path)
                continue
            }
            var changes: [(String, SQLBind)] = []
            func set(_ column: String, _ value: some Encodable & Sendable) { changes.append((column, SQLBind(value))) }
            if stored.household_id != householdID {
                set("household_id", householdID); set("path", row.dwelling.path)
                touched.formUnion([stored.path, row.dwelling.path]); moved[id] = row.dwelling.path
            }
            if stored.name != row.name { set("name", row.name); set("name_key", row.nameKey) }
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
        // New residents' numbers are sealed (the costly part of a row) on one core while the other writes the previous statement.
        try await BulkInsert.pipelined(new, into: Resident.schema, columns: ["household_id", "path", "name", "name_key", "gender", "birth_date", "id_sealed", "id_hash",
                                                                             "id_masked", "phone_sealed", "phone_masked", "residency", "tags", "relation"],
                                       on: db) { row, householdID in
            [householdID, row.dwelling.path, row.name, row.nameKey, row.gender.rawValue, row.birth, row.idNumber.map { vault.seal($0.value) }, row.idHash,
             row.idNumber?.masked, row.phone.map { vault.seal($0.value) }, row.phone?.masked, row.residency.rawValue, row.tags, row.relation]
        }
        added = new.count
        try await dependents.moved(moved, on: db)
        if touched.count > 200 { try await Rollups.refresh(on: db, .people) } else { try await Rollups.refresh(on: db, above: Array(touched), .people) }
        return ImportSummary(added: added, updated: updated, unchanged: unchanged, newHouseholds: newHouseholdCodes.count)
    }
}

extension Array {
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
    }
}
