import Fluent
import GongzhiKit
import GongzhiRegistry
import Vapor

/// `gongzhi keys rotate`: after setting the new key as `GONGZHI_DATA_KEY` and the old one as
/// `GONGZHI_DATA_KEY_PREVIOUS` on every server, re-seals all personal data under the new key while they keep serving.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate") var action: String
    }
    var help: String { "密钥：rotate（用新密钥重新加密全部个人信息，服务不中断）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rotate" else { throw AppError.badRequest("未知操作“\(signature.action)”；可用：rotate") }
        let app = context.application
        guard app.gongzhi.config.previousDataKey != nil else {
            throw AppError.badRequest("请先把新密钥设为 GONGZHI_DATA_KEY、旧密钥设为 GONGZHI_DATA_KEY_PREVIOUS（所有服务器同样设置并重启），再运行本命令")
        }
        var total = 0
        for columns in Modules.all.flatMap({ $0.sealedColumns }) {
            let n = try await KeyRotation.reseal(columns, vault: app.gongzhi.vault, on: app.db)
            context.console.print("  \(columns.table)：重新加密\(n)条")
            total += n
        }
        try await app.auditCommand(action: "keys rotate", target: "personal-data", detail: "重新加密\(total)条记录")
        context.console.print("完成：共重新加密\(total)条。确认所有服务器已使用新密钥后，即可删除 GONGZHI_DATA_KEY_PREVIOUS。")
    }
}
