import Fluent
import SQLKit
import Vapor

private struct AuditedKey: StorageKey { typealias Value = Bool }

/// Records every state-changing request (every write through a page or the API), with its outcome, unless the
/// handler recorded a more telling entry itself (a sign-in, an export, a revealed number); and every refused read of a
/// record outside the user's places, at most `refusedReadLimit` per user in `refusedReadWindow` seconds, so that a
/// crawler walking ids cannot flood the log (the first ones name it).
public struct AuditTrail: AsyncMiddleware {
    public init() {}

    public static let refusedReadLimit = 20
    public static let refusedReadWindow = 600

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            do { return try await next.respond(to: request) } catch AppError.forbidden {
                if let user = request.currentUserIfAny, try await Self.recentRefusedReads(of: user.id, on: request) < Self.refusedReadLimit {
                    try await request.audit(action: "read", result: .refused, detail: "查看范围外或不存在的记录")
                }
                throw AppError.forbidden
            }
        }
        let response: Response
        do { response = try await next.respond(to: request) } catch {
            if request.storage[AuditedKey.self] != true {
                let status = (error as? AppError)?.status ?? (error as? any AbortError)?.status ?? .internalServerError
                try await request.audit(action: Self.action(of: request), result: AuditResult(status), detail: String(status.code))
            }
            throw error
        }
        if request.storage[AuditedKey.self] != true {
            try await request.audit(action: Self.action(of: request), result: AuditResult(response.status), detail: String(response.status.code))
        }
        return response
    }

    static func recentRefusedReads(of userID: Int, on request: Request) async throws -> Int {
        struct Row: Decodable { let n: Int }
        let since = Int((request.gongzhi.now().timeIntervalSince1970 - Double(refusedReadWindow)) * 1000)
        return try await request.db.sql.raw("""
            SELECT COUNT(*) AS n FROM audit_entries
            WHERE user_id = \(bind: userID) AND action = 'read' AND result = 'refused' AND at >= \(bind: since)
            """).first(decoding: Row.self)?.n ?? 0
    }

    /// `POST /residents/:id`: the route as declared, so entries group by what was done.
    static func action(of request: Request) -> String {
        let pattern = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? request.url.path
        return "\(request.method.rawValue) \(pattern)"
    }
}

/// How a recorded action ended.
public enum AuditResult: String, Sendable {
    case success, rejected, refused, error
    init(_ status: HTTPResponseStatus) {
        switch status.code {
        case ..<400: self = .success
        case 401, 403: self = .refused
        case 400..<500: self = .rejected
        default: self = .error
        }
    }
    public var label: String {
        switch self { case .success: "成功"; case .rejected: "输入有误"; case .refused: "拒绝"; case .error: "出错" }
    }
}

extension Request {
    /// Appends an entry for this request's user and address; the request is then not recorded again by `AuditTrail`.
    /// `on` a transaction, the entry is written with the data or not at all.
    public func audit(action: String, target: String? = nil, result: AuditResult = .success, username: String? = nil,
                      detail: String? = nil, on database: (any Database)? = nil) async throws {
        storage[AuditedKey.self] = true
        let event = AuditEvent(user: currentUserIfAny, username: username, action: action, target: target ?? url.path,
                               result: result.rawValue, address: clientAddress, detail: detail)
        try await AuditLog.record(event, at: gongzhi.now(), key: gongzhi.auditKey, on: database ?? db)
    }
}

extension Application {
    /// Appends an entry for a command-line job, in the name of the operating-system account that ran it.
    public func auditCommand(action: String, target: String, result: AuditResult = .success, detail: String? = nil,
                             on database: (any Database)? = nil) async throws {
        let account = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let event = AuditEvent(user: nil, username: "命令行:\(account)", action: action, target: target, result: result.rawValue,
                               address: "localhost", detail: detail)
        try await AuditLog.record(event, at: gongzhi.now(), key: gongzhi.auditKey, on: database ?? db)
    }
}
