import Fluent
import Vapor

/// Accounts for administrators: who may sign in, in which role, at which place.
public struct UsersController: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let users = routes.allow([.administrator]).grouped("users")
        users.get(use: list)
        users.post(use: create)
    }

    struct Form: Content { var username: String?; var displayName: String?; var password: String?; var role: String?; var placeID: String? }
    struct Model: Encodable, Sendable {
        struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
        let table: Table; let roles: [Option]; let places: [Option]; let form: [String: String]; let errors: [String: String]; let created: String?
    }

    @Sendable func list(req: Request) async throws -> Response { try await render(req, form: [:], errors: [:]) }

    func render(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let users = try await User.query(on: req.db).with(\.$roles).sort(\.$username).all()
        let placeIDs = Set(users.flatMap { $0.roles.map(\.placeID) })
        var names: [Int: String] = [:]
        for id in placeIDs { names[id] = try await req.gongzhi.places.find(req.db, id)?.name }
        let rows = users.map { u in
            Table.Row([.init(u.username), .init(u.displayName),
                       .init(u.roles.map { "\($0.role.label)（\(names[$0.placeID] ?? "地点\($0.placeID)")）" }.joined(separator: "、")),
                       .init(u.active ? "启用" : "停用")])
        }
        let choices = try await req.gongzhi.places.choices(req.db)
        let model = Model(
            table: Table(columns: [.plain("用户名"), .plain("姓名"), .plain("角色与地点"), .plain("状态")], rows: rows),
            roles: Role.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: form["role"] == $0.rawValue) },
            places: choices.map { .init(value: String($0.id), label: $0.name, selected: form["placeID"] == String($0.id)) },
            form: form, errors: errors, created: req.query[String.self, at: "created"])
        return try await req.page("users", title: "用户管理", breadcrumbs: [.init("用户管理")], model, status: status)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let values = ["username": form.username ?? "", "displayName": form.displayName ?? "", "role": form.role ?? "", "placeID": form.placeID ?? ""]
        var errors: [String: String] = [:]
        let role = Role(rawValue: form.role ?? "")
        if role == nil { errors["role"] = "请选择角色" }
        let place = try await Int(form.placeID ?? "").asyncFlatMap { try await req.gongzhi.places.find(req.db, $0) }
        if place == nil { errors["placeID"] = "地点编号不存在（可在地点页面地址中看到编号）" }
        if errors.isEmpty, let role, let place {
            do {
                let user = try await Accounts.create(username: form.username ?? "", displayName: form.displayName ?? "", password: form.password ?? "",
                                                     grants: [(role, place.id, place.path)], cost: req.gongzhi.config.bcryptCost,
                                                     mustChangePassword: true, on: req.db)
                return req.redirect(to: "/users?created=\(user.username)")
            } catch AppError.invalid(let problems) {
                errors.add(problems)
            }
        }
        return try await render(req, form: values, errors: errors, status: .unprocessableEntity)
    }
}

extension Optional where Wrapped: Sendable {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
