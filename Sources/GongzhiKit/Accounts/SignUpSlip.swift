import Fluent
import Vapor

/// The printed slip that hands a one-time sign-up code to its person.
struct SignUpSlip: Encodable, Sendable { let name: String; let role: String; let code: String; let expires: String; let site: String; let back: String }

extension Request {
    /// Issues the code and shows it once, on a slip to print: the code itself is never stored or logged.
    /// A person with an account gets a new code only when the worker asks to reset it (`reset=yes`): the old account
    /// is stopped first, so one person never holds two.
    public func signUpSlip(for grant: SignUpCodes.Grant, back: String) async throws -> Response {
        let req = self
        struct Reset: Content { var reset: String? }
        if let username = try await SignUpCodes.account(of: grant.person, on: req.db) {
            guard (try? req.content.decode(Reset.self))?.reset == "yes" else {
                throw AppError.conflict("\(grant.name)已有账号（用户名\(username)）；忘记用户名或密码的，请点“重置账号并发放新登录码”")
            }
            try await req.db.transaction { db in
                try await SignUpCodes.release(grant.person, on: db)
                try await req.audit(action: "reset-person-account", target: back, detail: "停用\(grant.name)的账号\(username)，以便重新发放登录码", on: db)
            }
        }
        let now = req.gongzhi.now()
        let (code, expires) = try await SignUpCodes.issue(grant, by: try req.currentUser, now: now, on: req.db)
        try await req.audit(action: "issue-sign-up-code", target: back, detail: "为\(grant.name)发放\(grant.person.kind.role.label)登录码")
        let site = req.siteAddress + AccountPaths.signUp.description
        let slip = SignUpSlip(name: grant.name, role: grant.person.kind.role.label, code: code, expires: BeijingTime.format(expires), site: site, back: back)
        return try await req.page("accounts/sign-up-slip", title: "登录码通知单", breadcrumbs: [.init(grant.name, back), .init("登录码")], slip, status: .created)
    }
}
