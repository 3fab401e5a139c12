import Vapor

private struct AuditedKey: StorageKey { typealias Value = Bool }

/// Records every state-changing request (every write through a page or the API), with its outcome, unless the
/// handler recorded a more telling entry itself (a sign-in, an export, a revealed number).
public struct AuditTrail: AsyncMiddleware {
    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else { return try await next.respond(to: request) }
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
    public func audit(action: String, target: String? = nil, result: AuditResult = .success, username: String? = nil,
                      detail: String? = nil) async throws {
        storage[AuditedKey.self] = true
        let event = AuditEvent(user: currentUserIfAny, username: username, action: action, target: target ?? url.path,
                               result: result.rawValue, address: clientAddress, detail: detail)
        try await AuditLog.record(event, at: gongzhi.now(), key: gongzhi.auditKey, on: db)
    }
}

extension Application {
    /// Appends an entry for a command-line job, in the name of the operating-system account that ran it.
    public func auditCommand(action: String, target: String, result: AuditResult = .success, detail: String? = nil) async throws {
        let account = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let event = AuditEvent(user: nil, username: "命令行:\(account)", action: action, target: target, result: result.rawValue,
                               address: "localhost", detail: detail)
        try await AuditLog.record(event, at: gongzhi.now(), key: gongzhi.auditKey, on: db)
    }
}
