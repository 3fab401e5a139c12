import Fluent
import GongzhiKit
import Vapor

/// `gongzhi notices verify`: recomputes every place's chain of public notices, compares each hash with the audit
/// log's record of it, and exits non-zero naming every broken link.
struct NoticesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify") var action: String
    }
    var help: String { "公示公告：verify（重新计算公告哈希链并与审计日志核对，指出每一处断裂）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard signature.action == "verify" else { throw AppError.badRequest("未知操作“\(signature.action)”；可用：verify") }
        let report = try await NoticeChain.verify(audited: try await NoticeChain.auditedHashes(on: app.db), on: app.db)
        if report.problems.isEmpty {
            context.console.print("公告链完整：共\(report.checked)份公告，哈希与审计日志一致。")
        } else {
            context.console.print("公告链校验未通过（共\(report.checked)份公告）：")
            for problem in report.problems { context.console.print("  - \(problem)") }
            throw ChainBroken()
        }
    }

    struct ChainBroken: Error, CustomStringConvertible { var description: String { "公告链校验未通过" } }
}
