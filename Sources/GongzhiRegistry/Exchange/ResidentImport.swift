import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

public struct ImportSummary: Codable, Sendable, CustomStringConvertible {
    public let added: Int
    public let updated: Int
    public let unchanged: Int
    public let newHouseholds: Int
    /// Writes what an import did (its audit entry) on the import's own transaction.
    public typealias Record = @Sendable (ImportSummary, any Database) async throws -> Void

    public var description: String { "新增\(added)，更新\(updated)，未变\(unchanged)，新建\(newHouseholds)户" }
    /// What the import page says; households are named only when the file created some.
    public var notice: String {
        "导入成功：新增\(added)条，更新\(updated)条，未变\(unchanged)条" + (newHouseholds > 0 ? "，新建\(newHouseholds)户" : "") + "。"
    }

    /// Creates the new records and updates the changed ones of a validated file, counting each.
    static func save<M: Model>(_ pending: [(M, isNew: Bool)], on db: any Database) async throws -> ImportSummary {
        var added = 0, updated = 0, unchanged = 0
        for (record, isNew) in pending {
            if isNew { try await record.create(on: db); added += 1 }
            else if record.hasChanges { try await record.update(on: db); updated += 1 }
            else { unchanged += 1 }
        }
        return ImportSummary(added: added, updated: updated, unchanged: unchanged, newHouseholds: 0)
    }
}

extension ResidentLedger {
    /// A validated row, ready to write.
    struct Valid {
        let row: Int; let residentID: Int?; let dwelling: PlaceIndex.Entry; let householdCode: String
        let name: String; let gender: Gender; let birth: String?; let relation: String; let residency: Residency; let tags: String
        /// The name's pinyin sort key, computed with the row's check (in parallel), not while writing.
        let nameKey: String
        /// nil: keep what is stored (the cell held the masked form).
        let idNumber: CitizenID?; let idHash: String?; let phone: PhoneNumber?; let keepPhone: Bool
    }

    struct Existing: Decodable { let id: Int; let household_id: Int; let path: String; let name: String; let gender: String; let birth_date: String?
        let id_masked: String?; let phone_masked: String?; let residency: String; let tags: String; let relation: String }

    /// Validates every row, and writes only if none has a problem: all or nothing.
    public static func importFile(_ data: Data, scope: PlaceScope, vault: PersonalDataVault, dependents: [ResidentDependent],
                                  on db: any Database, record: @escaping ImportSummary.Record) async throws -> ImportSummary {
        // The file is read, and each ID number parsed and hashed once (on every core), while the places in scope load.
        let reading = Task.detached {
            let ledger = try Ledger(xlsx: data, required: required)
            let numbers = Parallel.map(ledger.rows) { row in ParsedID(row["公民身份号码"], vault: vault) }
            return (ledger, numbers)
        }
        // Checked and written in one transaction: the records the rows are checked against cannot change before they are written.
        let summary = try await db.bulkTransaction(revision: RegistryRevision.name) { db in
            let index = try await PlaceIndex.load(scope, on: db)
            let (ledger, numbers) = try await reading.value
            let context = RowContext(index: index, dwellings: index.dwellingsByAddress(),
                                     existing: try await loadExisting(ledger, numbers: numbers, scope: scope, on: db),
                                     knownCommunities: index.knownNames(.community), knownCompounds: index.knownNames(.compound))
            let valid = try check(ledger, numbers: numbers, in: context)
            let summary = try await write(valid, existing: context.existing, vault: vault, dependents: dependents, on: db)
            try await record(summary, db)
            return summary
        }
        // Large imports change the tables' shape; fresh statistics keep searches on the narrow index.
        if summary.added + summary.updated > 1_000 { try await db.analyze([Resident.schema, Household.schema]) }
        return summary
    }

    /// Rows are checked on their own in parallel; what involves several rows (the same resident or number twice) follows in order.
    /// Any problem rejects the whole file with every reason.
    static func check(_ ledger: Ledger, numbers: [ParsedID], in context: RowContext) throws(AppError) -> [Valid] {
        let checked = Parallel.map(Array(zip(ledger.rows, numbers))) { row, number in context.check(row, number) }
        var problems = ImportProblems()
        var valid: [Valid] = []
        var seenIDs: [String: Int] = [:]
        var seenResidents = Set<Int>()
        for (row, result) in zip(ledger.rows, checked) {
            var rowProblems = result.problems
            if let id = result.residentID, !seenResidents.insert(id).inserted {
                rowProblems.append(("居民编号", "居民编号\(id)在文件中出现了不止一次"))
            }
            if let number = result.idValue {
                if let other = seenIDs[number] { rowProblems.append(("公民身份号码", "与第\(other)行的公民身份号码重复")) }
                else { seenIDs[number] = row.number }
            }
            for (column, reason) in rowProblems { problems.add(row.number, column, reason) }
            if rowProblems.isEmpty, let v = result.valid { valid.append(v) }
        }
        try problems.throwIfAny()
        return valid
    }
}
