import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// First run of an empty instance: the first administrator and the subdistrict they administer.
struct SetupController: RouteCollection {
    struct Form: Content {
        var subdistrictName = ""; var subdistrictCode = ""; var areaKm2 = ""
        var username = ""; var displayName = ""; var password = ""; var passwordConfirm = ""
    }
    struct Model: Encodable, Sendable { var form: Form; var errors: [String: String] = [:] }

    func boot(routes: any RoutesBuilder) throws {
        let open = routes.allow(.anyone)
        open.get("setup", use: show)
        open.post("setup", use: create)
    }

    @Sendable func show(req: Request) async throws -> Response {
        guard try await User.query(on: req.db).count() == 0 else { return req.redirect(to: "/login") }
        return try await req.page("registry/setup", title: "初始设置", Model(form: Form()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        guard try await User.query(on: req.db).count() == 0 else { throw AppError.forbidden }
        var form = try req.content.decode(Form.self)
        form.password = ""; form.passwordConfirm = ""
        let raw = try req.content.decode(Form.self)
        var errors: [String: String] = [:]
        let name = raw.subdistrictName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors["subdistrictName"] = "请填写街道名称" }
        var code: DivisionCode?
        do { code = try DivisionCode(raw.subdistrictCode, level: .subdistrict) } catch { errors["subdistrictCode"] = error.description }
        let area = Double(raw.areaKm2)
        if area == nil || area! <= 0 { errors["areaKm2"] = "面积应为大于0的数字（平方公里）" }
        if raw.password != raw.passwordConfirm { errors["passwordConfirm"] = "两次输入的密码不一致" }
        errors.add(Accounts.problems(password: raw.password, username: raw.username))
        guard errors.isEmpty, let code, let area else {
            return try await req.page("registry/setup", title: "初始设置", Model(form: form, errors: errors), status: .unprocessableEntity)
        }
        do {
            let cost = req.gongzhi.config.bcryptCost
            let user = try await req.db.transaction { db in
                let place = try await PlaceWriter.createRoot(name: name, code: code.value, areaKm2: area, on: db)
                return try await Accounts.create(username: raw.username, displayName: raw.displayName, password: raw.password,
                                                 grants: [(.administrator, place.id!, place.path), (.subdistrictWorker, place.id!, place.path)],
                                                 cost: cost, on: db)
            }
            return try await req.signIn(userID: user.id!, redirectTo: "/overview")
        } catch AppError.invalid(let problems) {
            errors.add(problems)
            return try await req.page("registry/setup", title: "初始设置", Model(form: form, errors: errors), status: .unprocessableEntity)
        }
    }
}
