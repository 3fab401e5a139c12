import Fluent
import Foundation
import SQLKit
import Vapor

/// The audit administrator's page: the log filtered by user, action, result and dates, its export, and the chain check.
public struct AuditController: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let audit = routes.allow([.auditAdministrator])
        audit.get(AccountPaths.audit, use: list)
        audit.get(AccountPaths.auditExport, use: export)
        audit.get(AccountPaths.auditVerify, use: verify)
    }

    struct Filter: Encodable, Sendable {
        var username = "", action = "", result = "", from = "", to = ""
        init(_ req: Request) {
            username = req.query[String.self, at: "username"] ?? ""; action = req.query[String.self, at: "action"] ?? ""
            result = req.query[String.self, at: "result"] ?? ""; from = req.query[String.self, at: "from"] ?? ""
            to = req.query[String.self, at: "to"] ?? ""
        }

        /// The WHERE clause; dates are days in Beijing time, both ends included.
        func condition() throws -> any SQLExpression {
            var parts: [any SQLExpression] = [SQLLiteral.boolean(true)]
            if !username.isEmpty { parts.append(SQLBinaryExpression(SQLColumn("username"), .equal, SQLBind(username))) }
            if !action.isEmpty { parts.append(SQLBinaryExpression(SQLColumn("action"), .like, SQLBind("%\(action)%"))) }
            if let r = AuditResult(rawValue: result) { parts.append(SQLBinaryExpression(SQLColumn("result"), .equal, SQLBind(r.rawValue))) }
            if !from.isEmpty { parts.append(SQLBinaryExpression(SQLColumn("at"), .greaterThanOrEqual, SQLBind(try Self.millis(from, field: "from")))) }
            if !to.isEmpty { parts.append(SQLBinaryExpression(SQLColumn("at"), .lessThan, SQLBind(try Self.millis(to, field: "to") + 86_400_000))) }
            return parts.dropFirst().reduce(parts[0]) { SQLBinaryExpression($0, .and, $1) }
        }

        static func millis(_ day: String, field: String) throws -> Int {
            guard let date = BeijingTime.startOfDay(day) else { throw AppError.invalid(field, "日期应为YYYY-MM-DD") }
            return Int(date.timeIntervalSince1970 * 1000)
        }
    }

    struct Model: Encodable, Sendable {
        struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
        let filter: Filter; let results: [Option]; let table: Table; let total: Int; let error: String?; let verification: [String]?
        let exportLink: String
    }

    @Sendable func list(req: Request) async throws -> Response { try await render(req, verification: nil) }

    @Sendable func verify(req: Request) async throws -> Response {
        let report = try await AuditLog.verify(keys: req.gongzhi.auditKeys, on: req.db)
        try await req.audit(action: "verify", target: "audit", result: report.isIntact ? .success : .error, detail: "\(report.entries)条，\(report.problems.count)处问题")
        return try await render(req, verification: report.isIntact ? ["哈希链校验通过：共\(report.entries)条，未发现改动或删除。"] : report.problems)
    }

    func render(_ req: Request, verification: [String]?) async throws -> Response {
        let filter = Filter(req)
        let list = try ListQuery(req, sortable: [], defaultSort: "id", defaultDescending: true)
        var error: String?, entries: [AuditEntry] = [], total = 0
        do {
            let condition = try filter.condition()
            struct Count: Decodable { let n: Int }
            total = try await req.db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                .from(AuditLog.table).where(condition).first(decoding: Count.self)?.n ?? 0
            entries = try await req.db.sql.select().column("*").from(AuditLog.table).where(condition).orderBy("id", .descending)
                .limit(list.perPage).offset(list.offset).all(decoding: AuditEntry.self)
        } catch AppError.invalid(let problems) { error = problems.first?.message }
        let table = Table(columns: ["序号", "时间", "用户", "角色", "操作", "对象", "结果", "来源地址", "说明"].map { Table.Column.plain($0) },
                          rows: entries.map(Self.row), pager: list.pager(total: total), emptyText: "没有符合条件的记录")
        let model = Model(filter: filter, results: [AuditResult.success, .rejected, .refused, .error].map {
            .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == filter.result) }, table: table, total: total, error: error,
                          verification: verification, exportLink: AccountPaths.auditExport.description + (req.url.query.map { "?" + $0 } ?? ""))
        return try await req.page("accounts/audit", title: "审计日志", breadcrumbs: [.init("审计日志")], model, status: error == nil ? .ok : .unprocessableEntity)
    }

    static func row(_ e: AuditEntry) -> Table.Row {
        Table.Row([.init(e.id), .init(BeijingTime.format(e.time)), .init(e.username ?? "（未登录）"), .init(roleLabels(e.roles)),
                   .init(actionLabel(e.action)), .init(e.target), .init(AuditResult(rawValue: e.result)?.label ?? e.result), .init(e.address ?? ""),
                   .init(e.detail ?? "")])
    }

    /// The action in words for the audit administrator; a write through a page or the API shows its route.
    static func actionLabel(_ action: String) -> String {
        let named = ["sign-in": "登录", "sign-out": "退出登录", "export": "导出", "import": "导入", "reveal": "查看完整号码", "read": "查看记录", "lookup": "按身份证号查找",
                     "second-factor": "动态口令设置", "verify": "校验审计日志", "keys rotate": "密钥轮换", "audit prune": "清理过期审计记录"]
        if let label = named[action] { return label }
        if let space = action.firstIndex(of: " "), ["POST", "PUT", "PATCH", "DELETE"].contains(String(action[..<space])) {
            return "写入 " + action
        }
        return action
    }

    static func roleLabels(_ raw: String) -> String {
        raw.split(separator: ",").map { Role(rawValue: String($0))?.label ?? String($0) }.joined(separator: "、")
    }

    /// The filtered log as .xlsx (at most 100,000 entries per file); the export is itself recorded.
    @Sendable func export(req: Request) async throws -> Response {
        let condition = try Filter(req).condition()
        let entries = try await req.db.sql.select().column("*").from(AuditLog.table).where(condition).orderBy("id")
            .limit(100_000).all(decoding: AuditEntry.self)
        let header = ["序号", "时间", "用户", "角色", "地点", "操作", "对象", "结果", "来源地址", "说明", "哈希"]
        let rows = entries.map { e in
            [String(e.id), BeijingTime.format(e.time), e.username ?? "", Self.roleLabels(e.roles), e.places, Self.actionLabel(e.action), e.target,
             AuditResult(rawValue: e.result)?.label ?? e.result, e.address ?? "", e.detail ?? "", e.hash]
        }
        let data = try XLSXWriter.workbook(sheetName: "审计日志", header: header, rows: rows, widths: [8, 20, 14, 14, 18, 24, 24, 8, 16, 30, 66])
        try await req.audit(action: "export", target: "audit", detail: "\(entries.count)条")
        return XLSXWriter.download(data, filename: "审计日志.xlsx")
    }
}
