import Vapor

/// A field and what is wrong with it, shown beside the field in a form and listed in API answers.
public struct FieldProblem: Codable, Sendable, Equatable {
    public let field: String
    public let message: String
    /// The value is well formed but clashes with what is stored (a number registered to someone else, a newer
    /// version): answered 409, not 422.
    public var isConflict = false
    public init(_ field: String, _ message: String) { self.field = field; self.message = message }
    public static func conflict(_ field: String, _ message: String) -> FieldProblem {
        var problem = FieldProblem(field, message)
        problem.isConflict = true
        return problem
    }
    enum CodingKeys: String, CodingKey { case field, message }
}

extension Array where Element == FieldProblem {
    /// Messages by field for a form, several for one field joined in order.
    public var byField: [String: String] {
        Dictionary(map { ($0.field, $0.message) }, uniquingKeysWith: { $0 + "；" + $1 })
    }
}

/// A form's messages by field, for a page model. With none it encodes as nothing at all: Leaf takes any dictionary,
/// even an empty one, as true, so `#if(content.errors):` would otherwise always show the form's alert.
public struct FormErrors: Encodable, Sendable {
    public let byField: [String: String]
    public init(_ problems: [FieldProblem]) { byField = problems.byField }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if byField.isEmpty { try container.encodeNil() } else { try container.encode(byField) }
    }
}

extension Dictionary where Key == String, Value == String {
    /// Adds `problems` to a form's messages, after any already there.
    public mutating func add(_ problems: [FieldProblem]) {
        merge(problems.byField) { $0 + "；" + $1 }
    }
}

/// A problem in one cell or row of an imported file.
public struct ImportProblem: Codable, Sendable, Equatable {
    public let row: Int
    public let column: String
    public let reason: String
    public init(row: Int, column: String, reason: String) { self.row = row; self.column = column; self.reason = reason }
}

/// Every failure a user can meet, with the status it keeps and a message that names what is wrong.
public enum AppError: Error, Sendable {
    case invalid([FieldProblem])
    case badRequest(String)
    /// Out of scope or missing: the same answer, so a user cannot learn that a record exists elsewhere.
    case forbidden
    /// A form or script request without this browser's CSRF token: possibly sent by another site.
    case forgedRequest
    /// The password must be changed (expired, or set by someone else) before anything else.
    case passwordExpired
    /// An administrator must set up an authenticator before anything else.
    case secondFactorRequired
    case notFound(String)
    case unauthenticated
    case conflict(String)
    case tooLarge(String)
    case importRejected([ImportProblem])
    case internalInconsistency(String)

    public static func invalid(_ field: String, _ message: String) -> AppError { .invalid([FieldProblem(field, message)]) }
    public static let uploadTooLarge = AppError.tooLarge("上传内容超过\(CSRFProtection.maxBody / 1024 / 1024)MB的上限，未作任何改动；请拆分文件后分别导入")

    public var status: HTTPResponseStatus {
        switch self {
        case .invalid(let problems): problems.status
        case .importRejected: .unprocessableEntity
        case .badRequest: .badRequest
        case .forbidden, .forgedRequest, .passwordExpired, .secondFactorRequired: .forbidden
        case .notFound: .notFound
        case .unauthenticated: .unauthorized
        case .conflict: .conflict
        case .tooLarge: .payloadTooLarge
        case .internalInconsistency: .internalServerError
        }
    }

    public var message: String {
        switch self {
        case .invalid(let problems): problems.map { "\($0.field)：\($0.message)" }.joined(separator: "；")
        case .badRequest(let m), .conflict(let m), .notFound(let m), .tooLarge(let m): m
        case .forbidden: "无权访问：该记录不存在或不在您的管辖范围内"
        case .forgedRequest: "请求未通过防伪校验（表单已过期或来自其他网站），请刷新页面后重新提交"
        case .passwordExpired: "密码已过期或为初始密码，请先在“我的账号”页面修改密码"
        case .secondFactorRequired: "管理员账号须先在“我的账号—动态口令”页面设置身份验证器"
        case .unauthenticated: "请先登录"
        case .importRejected(let p): "文件未导入：发现\(p.count)处问题，数据库未作任何改动"
        case .internalInconsistency: "服务器内部错误"
        }
    }
}

extension AppError {
    /// A write from a form that has no page of its own to show problems beside (a button in a table row): the
    /// problems become the refusal's one message.
    public static func asOneMessage<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch AppError.invalid(let problems) { throw AppError.conflict(problems.map(\.message).joined(separator: "；")) }
    }
}

extension Array {
    /// The list in runs of at most `size` (ids for an `IN` list the database takes at once).
    public func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
    }

    /// The list, or nil when it is empty: for a page model's list that an `#if` shows or hides, since Leaf takes
    /// any list, even an empty one, as true.
    public var nonEmpty: Self? { isEmpty ? nil : self }
}

/// A command-line job that could not be done, with what to do about it; printed as it is.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A form field's problem can be thrown by a check of one field (`PhotoUpload.from`).
extension FieldProblem: Error {}

extension String {
    /// The text, or nil when it is empty: Leaf takes any text, even an empty one, as true.
    public var nonEmpty: String? { isEmpty ? nil : self }
}
