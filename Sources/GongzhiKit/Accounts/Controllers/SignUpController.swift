import Fluent
import Vapor

/// A person of the registry makes their own sign-in with the one-time code their community issued (`SignUpCodes`):
/// a username and a password of their choosing; the account holds the one role of their kind over their own place.
struct SignUpController: RouteCollection {
    struct Model: Encodable, Sendable { var username = ""; var errors: [String: String] = [:]; var error: String? }
    struct Form: Content { var code: String?; var idNumber: String?; var username: String?; var password: String?; var confirm: String? }

    func boot(routes: any RoutesBuilder) throws {
        let open = routes.allow(.anyone)
        open.get(AccountPaths.signUp, use: show)
        open.post(AccountPaths.signUp, use: signUp)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await req.page("accounts/signup", title: "创建账号", Model())
    }

    @Sendable func signUp(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces)
        func again(_ model: Model, status: HTTPResponseStatus) async throws -> Response {
            try await req.page("accounts/signup", title: "创建账号", model, status: status)
        }
        // Guessing codes is slowed like guessing passwords: refusals from one address are counted.
        if try await SignInController.recentFailures(from: req, action: "sign-up") >= SignInController.addressLimit {
            return try await again(Model(username: username, error: "该地址尝试次数过多，请\(SignInController.window / 60)分钟后再试"), status: .tooManyRequests)
        }
        guard (form.password ?? "") == (form.confirm ?? "") else {
            return try await again(Model(username: username, errors: ["confirm": "两次输入的密码不一致"]), status: .unprocessableEntity)
        }
        do {
            guard let user = try await SignUpCodes.redeem(form.code ?? "", idNumber: form.idNumber ?? "", username: username, password: form.password ?? "",
                                                          cost: req.gongzhi.config.bcryptCost, now: req.gongzhi.now(), roll: req.gongzhi.households, on: req.db) else {
                try await req.audit(action: "sign-up", result: .refused, username: username, detail: "登录码无效、已使用或已过期")
                return try await again(Model(username: username, errors: ["code": "登录码无效、已使用或已过期，请向社区重新领取"]), status: .unprocessableEntity)
            }
            try await req.audit(action: "sign-up", target: AccountPaths.user(try user.requireID()), username: user.username,
                                detail: "凭登录码创建账号（\(user.personKind?.role.label ?? "")）")
            return req.redirect(to: AccountPaths.login.description, notice: "账号\(user.username)已创建，请登录。")
        } catch AppError.invalid(let problems) {
            // A household's code tried with ID numbers is guessing too: counted like a wrong code.
            if problems.contains(where: { $0.field == "idNumber" }) {
                try await req.audit(action: "sign-up", result: .refused, username: username, detail: "户邀请码：身份证号码未通过核对")
            }
            return try await again(Model(username: username, errors: problems.byField), status: .unprocessableEntity)
        }
    }
}
