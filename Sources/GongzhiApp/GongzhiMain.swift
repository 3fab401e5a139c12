import Fluent
import GongzhiKit
import GongzhiRegistry
import NIOCore
import Vapor

/// The command line: `gongzhi serve [--demo]`, `migrate`, `demo`, `user create`, `import`, `export`, `report profile`.
public enum GongzhiMain {
    public static func run() async -> Int32 {
        var arguments = CommandLine.arguments
        let demo = arguments.contains("--demo")
        arguments.removeAll { $0 == "--demo" }
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        let app: Application
        do {
            var env = try Environment.detect(arguments: arguments)
            try LoggingSystem.bootstrap(from: &env)
            app = try await Application.make(env)
        } catch {
            print("无法启动：\(error)")
            return 1
        }
        var status: Int32 = 0
        do {
            let config = try AppConfig.fromEnvironment()
            try await configure(app, config: config)
            if command == "serve" {
                try await app.autoMigrate()
                try await prepareServe(app, demo: demo)
            }
            try await app.execute()
        } catch let problems as AppConfig.Problems {
            print(problems.description); status = 2
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            print("无法启动：端口已被占用。请先停止占用该端口的程序，或用 --port 指定其他端口。"); status = 1
        } catch {
            print("无法完成：\(error)"); status = 1
        }
        try? await app.asyncShutdown()
        return status
    }

    static func prepareServe(_ app: Application, demo: Bool) async throws {
        let hasUsers = try await User.query(on: app.db).count() > 0
        if demo && !hasUsers {
            let started = Date()
            let summary = try await Modules.loadDemo(on: app.db, vault: app.gongzhi.vault)
            let accounts = try await DemoAccounts.create(on: app.db, cost: app.gongzhi.config.bcryptCost)
            print(DemoAccounts.banner(summary: summary, accounts: accounts, seconds: Date().timeIntervalSince(started)))
        } else if demo {
            print("数据库中已有数据，直接启动。演示账号见 README（如 jiedao / Huayuan-2020）。")
        } else if !hasUsers {
            print("这是一个空白实例：请在浏览器打开 http://127.0.0.1:8080/setup 创建第一位管理员。")
        }
    }
}
