import Fluent
import GongzhiKit
import Vapor

/// `gongzhi audit verify`: walks the audit log's chain and names every edited or deleted entry.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify / prune") var action: String
    }
    var help: String { "审计日志：verify（校验哈希链，指出被改动或删除的记录）；prune（删除超过保存期限的记录，期限不少于180天）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.action == "prune" {
            let days = app.gongzhi.config.auditRetentionDays
            let removed = try await AuditLog.prune(olderThan: days, now: app.gongzhi.now(), on: app.db)
            try await app.auditCommand(action: "audit prune", target: "audit", detail: "删除\(days)天前的记录\(removed)条")
            context.console.print("已删除\(days)天前的审计记录\(removed)条；哈希链从保留的第一条继续校验。")
            return
        }
        guard signature.action == "verify" else { throw AppError.badRequest("未知操作“\(signature.action)”；可用：verify / prune") }
        let report = try await AuditLog.verify(keys: app.gongzhi.auditKeys, on: app.db)
        if report.isIntact {
            context.console.print("审计日志完整：共\(report.entries)条，哈希链校验通过。")
        } else {
            context.console.print("审计日志已被篡改（共\(report.entries)条）：")
            for problem in report.problems { context.console.print("  - \(problem)") }
            throw AuditTampered()
        }
    }

    /// Exits non-zero so a scheduled check can alert; the problems were printed above.
    struct AuditTampered: Error, CustomStringConvertible { var description: String { "审计日志校验未通过" } }
}
