import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// `gongzhi places [--depth N]`: the place tree with each place's id, which `user create --place` asks for.
struct PlacesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "depth", help: "列到第几层：1街道 2社区 3网格或楼院 4楼栋（默认2）") var depth: Int?
    }
    var help: String { "列出地址树及每个地址的编号（创建账号时 --place 用）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let depth = signature.depth ?? 2
        guard (1...8).contains(depth) else { throw CommandFailure("--depth 应为1到8之间的整数") }
        let places = try await RegistryDirectory.placeOutline(maxDepth: depth, on: context.application.db)
        if places.isEmpty { context.console.print("还没有地址：请先运行 gongzhi serve 并在浏览器 /setup 创建街道。"); return }
        context.console.print("编号\t类型\t名称")
        for p in places {
            context.console.print("\(p.id)\t\(p.kind.label)\t\(String(repeating: "  ", count: p.depth))\(p.name)\(p.code.map { "（\($0)）" } ?? "")")
        }
    }
}
