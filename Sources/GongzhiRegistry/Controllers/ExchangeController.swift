import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Excel in and out (Excel is the lingua franca): export within the user's places, templates, all-or-nothing import.
struct ExchangeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let exchange = routes.grouped("exchange")
        exchange.get(use: page)
        exchange.get("residents.xlsx", use: exportResidents)
        exchange.get("residents-template.xlsx", use: template)
        exchange.on(.POST, "residents", body: .collect(maxSize: "64mb"), use: importResidents)
    }

    struct Model: Encodable, Sendable {
        var summary: ImportSummary?
        var problems: [ImportProblem] = []
        var message: String?
        var table: Table?
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await req.page("registry/exchange", title: "Excel导入导出", breadcrumbs: [.init("导入导出")], Model())
    }

    @Sendable func exportResidents(req: Request) async throws -> Response {
        let data = try await ResidentLedger.export(try req.currentUser.scope(), on: req.db)
        return Self.download(data, filename: "居民台账.xlsx")
    }

    @Sendable func template(req: Request) async throws -> Response {
        Self.download(try ResidentLedger.template(), filename: "居民台账模板.xlsx")
    }

    struct Upload: Content { var file: File? }

    @Sendable func importResidents(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard let file = try? req.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
            return try await req.page("registry/exchange", title: "Excel导入导出", breadcrumbs: [.init("导入导出")],
                                      Model(message: "请选择要导入的.xlsx文件"), status: .unprocessableEntity)
        }
        do {
            let summary = try await ResidentLedger.importFile(Data(buffer: file.data), scope: user.scope(), vault: req.gongzhi.vault, on: req.db)
            return try await req.page("registry/exchange", title: "Excel导入导出", breadcrumbs: [.init("导入导出")], Model(summary: summary))
        } catch AppError.importRejected(let problems) {
            let shown = problems.prefix(500)
            let table = Table(columns: [.plain("行", numeric: true), .plain("列"), .plain("问题")],
                              rows: shown.map { Table.Row([.init($0.row), .init($0.column), .init($0.reason)]) })
            let message = "文件“\(file.filename)”未导入：发现\(problems.count)处问题\(problems.count > shown.count ? "（仅列出前\(shown.count)处）" : "")，数据库未作任何改动。请修改后重新导入。"
            return try await req.page("registry/exchange", title: "Excel导入导出", breadcrumbs: [.init("导入导出")],
                                      Model(problems: Array(shown), message: message, table: table), status: .unprocessableEntity)
        }
    }

    static func download(_ data: Data, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "ledger.xlsx"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''\(encoded)")
        return response
    }
}
