import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// The vote thresholds in force (a setting of the instance, kept by the system administrator): a new matter is opened
/// under them and keeps them, so a change never alters a matter already opened. A threshold may ask more than the law,
/// never less.
struct VoteSettingsController: RouteCollection {
    static let key = "deliberation.thresholds"

    static func current(on db: any Database) async throws -> VoteThresholds {
        guard let text = try await Setting.get(key, on: db) else { return .standard }
        return (try? JSONDecoder().decode(VoteThresholds.self, from: Data(text.utf8))) ?? .standard
    }

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.allow([.administrator])
        admin.get(DeliberationPaths.thresholds, use: show)
        admin.post(DeliberationPaths.thresholds, use: save)
    }

    struct Model: Encodable, Sendable {
        struct Field: Encodable, Sendable { let name: String; let label: String; let value: String; let standard: String; let error: String? }
        let fields: [Field]
        let laws: [String]
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req, values: nil, problems: [:]) }

    func render(_ req: Request, values: [String: String]?, problems: [String: String]) async throws -> Response {
        let current = try await Self.current(on: req.db)
        let fields = VoteThresholds.fields.map { f in
            Model.Field(name: f.name, label: f.label, value: values?[f.name] ?? current[keyPath: f.key].setting,
                        standard: VoteThresholds.standard[keyPath: f.key].description, error: problems[f.name])
        }
        return try await req.page("deliberation/thresholds", title: "表决规则设置", breadcrumbs: [.init("表决规则设置")],
                                  Model(fields: fields, laws: VoteRule.allCases.map(\.law)), status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let values = try req.content.decode([String: String].self)
        let (thresholds, problems) = VoteThresholds.parse(values)
        guard let thresholds else { return try await render(req, values: values, problems: Dictionary(problems.map { ($0.field, $0.message) }) { a, _ in a }) }
        try await Setting.set(Self.key, String(decoding: try JSONEncoder().encode(thresholds), as: UTF8.self), on: req.db)
        return req.redirect(to: DeliberationPaths.thresholds.description, notice: "已保存。此后发起的议事事项按新设置计票，已发起的事项不受影响。")
    }
}
