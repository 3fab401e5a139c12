import Vapor

/// Turns every error into a page (or JSON under `/api`) that keeps its status and names what is wrong.
/// A stack trace or an internal message never reaches the client; unexpected errors are logged.
public struct GongzhiErrorMiddleware: AsyncMiddleware {
    public init() {}

    public struct Body: Content {
        public let status: Int
        public let message: String
        public var fields: [FieldProblem]? = nil
        public var problems: [ImportProblem]? = nil
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var body = Self.body(for: error, request: request)
            // No route matched, but the address exists for other methods: 405 with those methods, not "page not found".
            let allowed = body.status == 404 && request.route == nil ? Self.methods(allowedAt: request) : []
            if !allowed.isEmpty {
                body = Body(status: 405, message: "该地址不支持\(request.method.rawValue)请求，可用：\(allowed.joined(separator: "、"))")
            }
            let response: Response
            if Self.wantsJSON(request) {
                response = Response(status: .init(statusCode: body.status))
                try response.content.encode(body, as: .json)
            } else if body.status == 401 {
                return request.redirect(to: "\(AccountPaths.login)?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
            } else {
                response = await ErrorPage.render(body, for: request)
            }
            if !allowed.isEmpty { response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", ")) }
            return response
        }
    }

    /// The methods of the routes whose pattern matches the request's path.
    static func methods(allowedAt request: Request) -> [String] {
        let parts = request.url.path.split(separator: "/", omittingEmptySubsequences: true)
        var matching = request.application.routes.all.filter { route in
            if route.path.contains(where: { if case .catchall = $0 { true } else { false } }) { return false }
            guard route.path.count == parts.count else { return false }
            return zip(route.path, parts).allSatisfy { component, part in
                if case .constant(let text) = component { return text == part }
                return true
            }
        }
        // As the router does, a constant segment wins over a parameter (`/residents/find` is not `/residents/:id`).
        for i in parts.indices.map({ $0 - parts.startIndex }) {
            func isConstant(_ route: Route) -> Bool { if case .constant = route.path[i] { true } else { false } }
            if matching.contains(where: isConstant) { matching = matching.filter(isConstant) }
        }
        return Array(Set(matching.map(\.method.rawValue))).filter { $0 != request.method.rawValue }.sorted()
    }

    /// API paths, and clients that ask for JSON by name (not through `*/*`), get JSON.
    static func wantsJSON(_ request: Request) -> Bool {
        request.url.path.hasPrefix(Address.apiPrefix)
            || request.headers[.accept].contains { $0.lowercased().contains("application/json") }
    }

    static func body(for error: any Error, request: Request) -> Body {
        switch error {
        case let app as AppError:
            if case .internalInconsistency(let detail) = app { request.logger.error("内部错误：\(detail)") }
            var body = Body(status: Int(app.status.code), message: app.message)
            if case .invalid(let fields) = app { body.fields = fields }
            if case .importRejected(let problems) = app { body.problems = problems }
            return body
        case let decoding as DecodingError:
            return Body(status: 400, message: "请求格式错误：" + Self.describe(decoding))
        case let abort as any AbortError:
            let status = Int(abort.status.code)
            if status >= 500 { request.logger.error("\(abort.reason)") }
            return Body(status: status, message: Self.message(forStatus: status, reason: abort.reason))
        default:
            request.logger.error("未处理的错误：\(String(reflecting: error))")
            return Body(status: 500, message: "服务器内部错误，请稍后再试")
        }
    }

    /// A framework's refusal in Chinese, saying what to do: its own reason is English ("Unsupported Media Type").
    static func message(forStatus status: Int, reason: String) -> String {
        if reason.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) && status < 500 { return reason }
        switch status {
        case 400: return "请求格式错误，请检查后重新提交"
        case 404: return "页面不存在"
        case 405: return "该地址不支持这种请求方式"
        case 411: return "请求缺少内容长度"
        case 413: return AppError.uploadTooLarge.message
        case 414: return "网址过长，请缩短查询条件"
        case 415: return "不支持的内容类型：表单请用 application/x-www-form-urlencoded 或 multipart/form-data，接口请用 application/json"
        case 429: return "请求过于频繁，请稍后再试"
        case 500...: return "服务器内部错误，请稍后再试"
        default: return "请求有误（HTTP \(status)），请检查后重新提交"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "缺少字段 \(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "字段 \(path(c)) 的类型不正确"
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty { return "内容不是有效的JSON或表单" }
            let chinese = c.debugDescription.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
            return "字段 \(path(c))：" + (chinese ? c.debugDescription : "取值无效")
        @unknown default: return "无法解析"
        }
    }
}

enum ErrorPage {
    static func render(_ body: GongzhiErrorMiddleware.Body, for request: Request) async -> Response {
        let title = body.status == 403 ? "无权访问" : body.status == 404 ? "未找到" : body.status >= 500 ? "出错了" : "请求有误"
        do {
            let layout = try await Layout.make(for: request, title: title)
            let view = try await request.view.render("error", Page(layout: layout, content: body))
            let response = try await view.encodeResponse(status: .init(statusCode: body.status), for: request)
            return response
        } catch {
            let response = Response(status: .init(statusCode: body.status), body: .init(string: body.message))
            response.headers.contentType = .plainText
            return response
        }
    }
}
