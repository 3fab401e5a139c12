@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit

/// The result of walking the whole chain: how many entries, and each place where it is broken.
public struct AuditVerification: Sendable {
    public let entries: Int
    public let problems: [String]
    public var isIntact: Bool { problems.isEmpty }
}

extension AuditLog {
    /// Recomputes every entry's HMAC in order and checks numbering and links: an edited entry is named by its
    /// number, deleted ones by the gap they leave (in the middle or at the end).
    public static func verify(keys: [SymmetricKey], on db: any Database) async throws -> AuditVerification {
        let byID = Dictionary(keys.map { (keyID($0), $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        struct Start: Decodable { let pruned_through: Int; let pruned_hash: String }
        let start = try await db.sql.raw("SELECT pruned_through, pruned_hash FROM \(ident: Self.head) WHERE id = 1").first(decoding: Start.self)
        // After pruning, the chain starts from the last removed entry, whose number and hash the head row kept.
        var expectedID = (start?.pruned_through ?? 0) + 1, previousHash = start?.pruned_hash ?? "", count = 0
        while true {
            let batch = try await db.sql.select().column("*").from(table).where("id", .greaterThanOrEqual, SQLBind(expectedID))
                .orderBy("id").limit(5_000).all(decoding: AuditEntry.self)
            for entry in batch {
                count += 1
                if entry.id != expectedID {
                    problems.append(entry.id == expectedID + 1 ? "第\(expectedID)条已被删除" : "第\(expectedID)–\(entry.id - 1)条已被删除")
                } else if entry.prevHash != previousHash {
                    problems.append("第\(entry.id)条与前一条的链接不符：前一条已被改动或替换")
                }
                if let key = byID[entry.keyId] {
                    if entry.expectedHash(key: key) != entry.hash { problems.append("第\(entry.id)条内容已被改动（\(entry.describe)）") }
                } else {
                    problems.append("第\(entry.id)条使用的密钥（\(entry.keyId)）不在当前配置中，无法验证")
                }
                previousHash = entry.hash
                expectedID = entry.id + 1
            }
            if batch.count < 5_000 { break }
        }
        struct Head: Decodable { let seq: Int; let hash: String }
        if let head = try await db.sql.raw("SELECT seq, hash FROM \(ident: Self.head) WHERE id = 1").first(decoding: Head.self) {
            if head.seq >= expectedID { problems.append(head.seq == expectedID ? "最后一条（第\(head.seq)条）已被删除" : "最后的第\(expectedID)–\(head.seq)条已被删除") }
            else if head.seq == expectedID - 1 && head.hash != previousHash { problems.append("最后一条（第\(head.seq)条）与链头记录不符") }
        } else {
            problems.append("审计日志链头已被删除")
        }
        return AuditVerification(entries: count, problems: problems)
    }
}

extension AuditEntry {
    /// "2026-11-27 21:03:05 jiedao 导出 residents" for messages and pages, in Beijing time.
    public var describe: String { "\(BeijingTime.format(time)) \(username ?? "匿名") \(action) \(target)" }

}
