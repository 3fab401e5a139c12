import Fluent
import Foundation
import GongzhiKit
import GongzhiRegistry
import Vapor

/// `gongzhi demo`: migrates and loads the demo subdistrict with its accounts.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "载入演示街道（花园路街道）及演示账号" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let started = Date()
        let (summary, accounts) = try await Modules.loadDemo(on: app.db, gongzhi: app.gongzhi)
        let loaded = Date().timeIntervalSince(started)
        context.console.print(DemoAccounts.banner(summary: summary, accounts: accounts, seconds: loaded, address: "http://127.0.0.1:8080"))
    }
}

/// `gongzhi report profile`: the profile paragraph of each subdistrict, then what each module's records say, from records.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "report", help: "报表名称：profile（街道概况）") var report: String
    }
    var help: String { "生成报表：profile（街道概况段落）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.report == "profile" else { throw AppError.badRequest("未知报表“\(signature.report)”；可用：profile") }
        let profiles = try await RegistryModule.profiles(on: context.application.db)
        if profiles.isEmpty { context.console.print("还没有街道数据。") }
        for p in profiles {
            context.console.print(p.paragraph)
            let sentences = try await context.application.gongzhi.highlights(at: p.path, on: context.application.db).map(\.sentence)
            if !sentences.isEmpty { context.console.print(sentences.joined()) }
        }
    }
}
