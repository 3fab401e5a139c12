import Foundation
import GongzhiCore
import Vapor

extension Request {
    /// A query parameter's text, nil when it is absent, or empty from a page's filter form (which sends an empty field
    /// for "all"; an API client sends the parameter or leaves it out, so there an empty value is refused as any other).
    /// `blankIsEmpty`: spaces alone count as empty too (a number typed into a box).
    public func queryValue(_ key: String, blankIsEmpty: Bool = false) -> String? {
        guard let text = query[String.self, at: key] else { return nil }
        let empty = blankIsEmpty ? text.trimmedSpaces.isEmpty : text.isEmpty
        return empty && !url.path.hasPrefix(Address.apiPrefix) ? nil : text
    }

    /// A whole number from the query string within `range`: nil when the parameter is absent or empty, a 400 that
    /// names the parameter and its range when it is anything else.
    public func queryInt(_ key: String, in range: ClosedRange<Int>, label: String) throws -> Int? {
        guard let text = queryValue(key, blankIsEmpty: true) else { return nil }
        do { return try Bounded.int(text, in: range, label: "参数\(key)（\(label)）") }
        catch { throw AppError.badRequest(error.description) }
    }

    /// One of an enumeration's values from the query string: nil when absent or empty, a 400 listing the values otherwise.
    public func queryChoice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, label: String) throws -> E? where E.RawValue == String {
        guard let text = queryValue(key) else { return nil }
        guard let value = E(rawValue: text) else {
            throw AppError.badRequest("参数\(key)（\(label)）应为以下之一：\(E.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        return value
    }

    /// A yes/no from the query string (`1`/`true`, `0`/`false`): nil when absent, a 400 for anything else.
    public func queryFlag(_ key: String, label: String) throws -> Bool? {
        guard let text = queryValue(key) else { return nil }
        switch text.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default: throw AppError.badRequest("参数\(key)（\(label)）应为true或false")
        }
    }

    /// A record id from the query string (a filter such as `?organization=12`).
    public func queryID(_ key: String, label: String) throws -> Int? {
        try queryInt(key, in: 1...Bounded.maxID, label: label + "编号")
    }

    /// The record id named by the route (`/residents/:id`): a 400 for anything but a whole number from 1 to 2^53 − 1.
    public func routeID(_ name: String = "id") throws -> Int {
        guard let text = parameters.get(name) else { throw AppError.badRequest("地址中缺少编号") }
        do { return try Bounded.int(text, in: 1...Bounded.maxID, label: "地址中的编号") }
        catch { throw AppError.badRequest(error.description) }
    }
}

extension Request {
    /// Refuses a JSON body with a field other than `allowed`: a misspelt field would otherwise be ignored and the
    /// caller told the change was made.
    public func requireOnlyFields(_ allowed: Set<String>) throws {
        guard let body = body.data, body.readableBytes > 0 else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw AppError.badRequest("请求格式错误：内容应为一个JSON对象")
        }
        let unknown = Set(object.keys).subtracting(allowed)
        guard unknown.isEmpty else {
            throw AppError.badRequest("未知字段：\(unknown.sorted().joined(separator: "、"))；可用字段：\(allowed.sorted().joined(separator: "、"))")
        }
    }
}

extension Bounded.Problem {
    /// The problem beside its form field.
    public func field(_ name: String) -> FieldProblem { FieldProblem(name, description) }
}

extension TextRule.Problem {
    public func field(_ name: String) -> FieldProblem { FieldProblem(name, description) }
}

extension TextRule {
    /// The checked text, or nil with the problem added beside `field`.
    public func check(_ raw: String, field: String, into problems: inout [FieldProblem]) -> String? {
        switch check(raw) {
        case .success(let text): return text
        case .failure(let problem): problems.append(problem.field(field)); return nil
        }
    }
}
