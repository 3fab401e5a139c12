import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Excel in and out (Excel is the lingua franca): export within the user's places, templates, all-or-nothing import.
struct ExchangeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.exchange, use: page)
        routes.get(RegistryPaths.ledgerExport, use: export)
        routes.get(RegistryPaths.ledgerTemplate, use: template)
        // Under `:ledger` like the others: a constant segment here would hide `POST /exchange/:ledger` from the router.
        routes.allow(Role.unmaskers).post(RegistryPaths.ledgerExportUnmasked, use: exportUnmasked)
        // Ledgers are imported by workers; a building-group leader may export what they see, not load a file.
        routes.allow(Role.placeEditors)
            .on(.POST, RegistryPaths.ledger.pattern, body: .collect(maxSize: ByteCount(value: CSRFProtection.maxBody)), use: importFile)
    }

    struct Ledger: Encodable, Sendable { let key: String; let title: String; let help: String }

    struct Model: Encodable, Sendable {
        var ledgers = LedgerKind.allCases.map { Ledger(key: $0.rawValue, title: $0.title, help: $0.help) }
        var canUnmask = false
        var canImport = false
        var message: String?
        var table: Table?
    }

    static func ledger(_ req: Request) throws -> LedgerKind {
        guard let kind = req.parameters.get("ledger").flatMap(LedgerKind.init(rawValue:)) else { throw Abort(.notFound) }
        return kind
    }

    func render(_ req: Request, _ model: Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        var model = model
        model.canUnmask = try req.currentUser.hasAny(Role.unmaskers)
        model.canImport = try req.currentUser.hasAny(Role.placeEditors)
        return try await req.page("registry/exchange", title: "Excel导入导出", breadcrumbs: [.init("导入导出")], model, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response { try await render(req, Model()) }

    @Sendable func export(req: Request) async throws -> Response {
        let kind = try Self.ledger(req)
        let data = try await kind.export(try req.currentUser.scope(), on: req.db)
        try await req.audit(action: "export", target: kind.rawValue, detail: "\(data.count / 1024) KB，个人信息已遮蔽")
        return XLSXWriter.download(data, filename: "\(kind.title).xlsx")
    }

    struct UnmaskForm: Content { var reason: String }

    /// The residents' ledger with full ID and phone numbers, for a stated reason kept in the audit log.
    @Sendable func exportUnmasked(req: Request) async throws -> Response {
        guard try Self.ledger(req) == .residents else { throw AppError.notFound("只有居民台账可导出完整号码") }
        let reason = try req.content.decode(UnmaskForm.self).reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...200).contains(reason.count) else {
            return try await render(req, Model(message: "导出完整号码须说明事由（4–200字），事由将记入审计日志"), status: .unprocessableEntity)
        }
        let data = try await ResidentLedger.export(try req.currentUser.scope(), unmasking: req.gongzhi.vault, on: req.db)
        try await req.audit(action: "export", target: LedgerKind.residents.rawValue, detail: "含完整证件号码和电话；事由：\(reason)")
        return XLSXWriter.download(data, filename: "\(LedgerKind.residents.title)（含完整号码）.xlsx")
    }

    @Sendable func template(req: Request) async throws -> Response {
        let kind = try Self.ledger(req)
        return XLSXWriter.download(try kind.template(), filename: "\(kind.title)模板.xlsx")
    }

    struct Upload: Content { var file: File? }

    @Sendable func importFile(req: Request) async throws -> Response {
        let user = try req.currentUser
        let kind = try Self.ledger(req)
        guard let file = try? req.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
            return try await render(req, Model(message: "请选择要导入的.xlsx文件"), status: .unprocessableEntity)
        }
        do {
            let filename = file.filename
            let summary = try await kind.importFile(Data(buffer: file.data), scope: user.scope(), vault: req.gongzhi.vault,
                                                    dependents: req.gongzhi.residentDependents, on: req.db) { summary, db in
                try await req.audit(action: "import", target: kind.rawValue, detail: "\(filename)：\(summary.description)", on: db)
            }
            return req.redirect(to: RegistryPaths.exchange.description, notice: summary.notice)
        } catch AppError.importRejected(let problems) {
            let shown = problems.prefix(500)
            let table = Table(columns: [.plain("行", numeric: true), .plain("列"), .plain("问题")],
                              rows: shown.map { Table.Row([.init($0.row), .init($0.column), .init($0.reason)]) })
            try await req.audit(action: "import", target: kind.rawValue, result: .rejected, detail: "\(file.filename)：\(problems.count)处问题，未导入")
            let message = "\(kind.title)“\(file.filename)”未导入：发现\(problems.count)处问题\(problems.count > shown.count ? "（仅列出前\(shown.count)处）" : "")，数据库未作任何改动。请修改后重新导入。"
            return try await render(req, Model(message: message, table: table), status: .unprocessableEntity)
        }
    }
}
