import Fluent
import GongzhiKit
import GongzhiRegistry
import NIOCore
import Vapor
import Crypto

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
        // Help opens no database: it must not leave a database and a key file in the folder it was asked in.
        let wantsHelp = arguments.contains("--help") || arguments.contains("-h") || command == "help"
        do {
            let config = wantsHelp ? AppConfig(database: .sqlite(path: ":memory:"), dataKey: SymmetricKey(size: .bits256))
                                   : try AppConfig.fromEnvironment()
            try await configure(app, config: config)
            if command == "serve" && !wantsHelp {
                try await app.autoMigrate()
                try await prepareServe(app, demo: demo, address: servedAddress(arguments, app: app))
            }
            try await app.execute()
        } catch let problems as AppConfig.Problems {
            print(problems.description); status = 2
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            print("无法启动：端口已被占用。请先停止占用该端口的程序，或用 --port 指定其他端口。"); status = 1
        } catch {
            print("无法完成：\(describe(error))"); status = 1
        }
        try? await app.asyncShutdown()
        return status
    }

    /// What went wrong, in Chinese: the framework's command errors are English, and a type dump helps nobody.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let app as AppError: return app.message
        case let failure as CommandFailure: return failure.description
        case let command as CommandError:
            switch command {
            case .missingCommand: return "缺少命令；运行 gongzhi --help 查看可用命令"
            case .unknownCommand(let name, _): return "未知命令“\(name)”；运行 gongzhi --help 查看可用命令"
            case .missingRequiredArgument(let name): return "缺少参数 \(name)；运行 gongzhi <命令> --help 查看用法"
            case .invalidArgumentType(let name, _), .invalidOptionType(let name, _): return "参数 \(name) 的取值无效"
            case .unknownInput(let input): return "无法识别的参数“\(input)”；运行 gongzhi <命令> --help 查看用法"
            }
        default: return "\(error)"
        }
    }

    /// The address `serve` listens on, as `--hostname`/`-H` and `--port`/`-p` set it.
    static func servedAddress(_ arguments: [String], app: Application) -> String {
        func value(_ names: [String]) -> String? {
            for (i, a) in arguments.enumerated() {
                for name in names {
                    if a == name, i + 1 < arguments.count { return arguments[i + 1] }
                    if a.hasPrefix(name + "=") { return String(a.dropFirst(name.count + 1)) }
                }
            }
            return nil
        }
        let host = value(["--hostname", "-H"]) ?? app.http.server.configuration.hostname
        let port = value(["--port", "-p"]) ?? String(app.http.server.configuration.port)
        return "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
    }

    static func prepareServe(_ app: Application, demo: Bool, address: String) async throws {
        let hasUsers = try await User.query(on: app.db).count() > 0
        if demo && !hasUsers {
            let started = Date()
            let (summary, accounts) = try await Modules.loadDemo(on: app.db, gongzhi: app.gongzhi)
            print(DemoAccounts.banner(summary: summary, accounts: accounts, seconds: Date().timeIntervalSince(started), address: address))
        } else if demo {
            print("数据库中已有数据，直接启动。演示账号见 README（如 jiedao / Huayuan-2020）。")
        } else if !hasUsers {
            print("这是一个空白实例：请在浏览器打开 \(address)/setup 创建街道和三位管理员。")
        }
    }
}
