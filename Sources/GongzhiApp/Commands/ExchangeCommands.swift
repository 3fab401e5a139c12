import Fluent
import Foundation
import GongzhiKit
import GongzhiRegistry
import Vapor

/// `gongzhi import places|party-organizations|organizations|residents|party-members FILE.xlsx`: the same all-or-nothing import as the page, over the whole instance.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "ledger", help: "台账：places / party-organizations / organizations / residents / party-members") var ledger: String
        @Argument(name: "file", help: ".xlsx 文件路径") var file: String
    }
    var help: String { "从 .xlsx 导入台账（全有或全无）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let kind = try LedgerKind.named(signature.ledger)
        let app = context.application
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw AppError.badRequest("无法读取文件 \(signature.file)") }
        let started = Date()
        do {
            let file = signature.file
            let summary = try await kind.importFile(data, scope: try await RegistryModule.rootScope(on: app.db), vault: app.gongzhi.vault,
                                                    dependents: app.gongzhi.residentDependents, on: app.db) { summary, db in
                try await app.auditCommand(action: "import", target: kind.rawValue, detail: "\(file)：\(summary.description)", on: db)
            }
            let seconds = Date().timeIntervalSince(started)
            context.console.print("导入完成（\(String(format: "%.2f", seconds))秒）：\(summary.description)")
        } catch AppError.importRejected(let problems) {
            try await app.auditCommand(action: "import", target: kind.rawValue, result: .rejected, detail: "\(signature.file)：\(problems.count)处问题，未导入")
            context.console.print("文件未导入，数据库未作任何改动。发现\(problems.count)处问题：")
            for p in problems { context.console.print("  第\(p.row)行 \(p.column)：\(p.reason)") }
            throw CommandFailure("导入被拒绝：以上\(problems.count)处问题全部列出，请修改文件后重新导入")
        }
    }
}

extension LedgerKind {
    static func named(_ name: String) throws -> LedgerKind {
        guard let kind = LedgerKind(rawValue: name) else {
            throw AppError.badRequest("未知台账“\(name)”；可用：\(LedgerKind.allCases.map(\.rawValue).joined(separator: " / "))")
        }
        return kind
    }
}

/// `gongzhi export LEDGER FILE.xlsx`
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "ledger", help: "台账：places / party-organizations / organizations / residents / party-members") var ledger: String
        @Argument(name: "file", help: "输出的 .xlsx 文件路径") var file: String
    }
    var help: String { "导出台账为 .xlsx（个人信息已遮蔽）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let kind = try LedgerKind.named(signature.ledger)
        let app = context.application
        let data = try await kind.export(try await RegistryModule.rootScope(on: app.db), on: app.db)
        guard FileManager.default.createFile(atPath: signature.file, contents: data) else { throw AppError.badRequest("无法写入 \(signature.file)") }
        try await app.auditCommand(action: "export", target: kind.rawValue, detail: "\(signature.file)，个人信息已遮蔽")
        context.console.print("已导出到 \(signature.file)（\(data.count / 1024) KB）")
    }
}
