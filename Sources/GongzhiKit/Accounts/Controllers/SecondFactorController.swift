import Fluent
import GongzhiCore
import SQLKit
import Vapor

/// The second factor: the one-time code after the password, setting up an authenticator, and recovery codes.
/// Required for administrators (`Role.administrators`), optional for everyone else.
public struct SecondFactorController: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        // Before the code is given nobody is signed in; the handlers check for the pending session.
        routes.allow(.anyone).get(AccountPaths.loginCode, use: showCode)
        routes.allow(.anyone).post(AccountPaths.loginCode, use: checkCode)
        let totp = routes.allow(.signedIn)
        totp.get(AccountPaths.totp, use: showSetup)
        totp.post(AccountPaths.totp, use: confirmSetup)
        totp.post(AccountPaths.totpDisable, use: disable)
    }

    struct CodeModel: Encodable, Sendable { let next: String; let error: String? }

    @Sendable func showCode(req: Request) async throws -> Response {
        guard req.pendingSession != nil else { return req.redirect(to: AccountPaths.login.description) }
        return try await req.page("accounts/login-code", title: "动态口令", CodeModel(next: SignInController.safeNext(req.query[String.self, at: "next"]), error: nil))
    }

    struct CodeForm: Content { var code: String; var next: String? }

    /// A current code from the authenticator, or an unused recovery code. Wrong codes count towards the lock.
    @Sendable func checkCode(req: Request) async throws -> Response {
        guard let pending = req.pendingSession, let user = try await User.find(pending.user.id, on: req.db) else { return req.redirect(to: AccountPaths.login.description) }
        let form = try req.content.decode(CodeForm.self)
        let next = SignInController.safeNext(form.next)
        let now = req.gongzhi.now()
        var how: String?
        if let sealed = user.totpSecret, let secret = Base32.decode(try req.gongzhi.vault.open(sealed)),
           let step = OneTimeCodes.matchingStep(form.code, secret: secret, at: now, lastUsed: user.totpLastStep.map(Int64.init)) {
            user.totpLastStep = Int(step)
            try await user.update(on: req.db)
            how = "动态口令"
        } else if try await Self.useRecoveryCode(form.code, userID: try user.requireID(), now: now, on: req.db) {
            how = "恢复码"
        }
        guard let how else {
            if let until = try await Accounts.recordFailure(user, now: now, on: req.db) {
                try await SignInSessions.end(sessionID: pending.sessionID, on: req.db)
                try await req.audit(action: "sign-in", result: .refused, username: user.username, detail: "动态口令错误次数过多，账号锁定")
                return try await req.page("accounts/login", title: "登录", SignInController.Model(username: user.username, next: next,
                    error: "连续输错\(Accounts.lockout.maxFailures)次，账号已锁定至\(BeijingTime.format(until).suffix(8).prefix(5))"), status: .forbidden)
            }
            try await req.audit(action: "sign-in", result: .refused, username: user.username, detail: "动态口令错误")
            return try await req.page("accounts/login-code", title: "动态口令", CodeModel(next: next, error: "动态口令或恢复码不正确"), status: .unauthorized)
        }
        try await Accounts.recordSuccess(user, on: req.db)
        try await SignInSessions.complete(sessionID: pending.sessionID, on: req.db)
        try await req.audit(action: "sign-in", username: user.username, detail: "已用\(how)完成双因素登录")
        return req.redirect(to: next)
    }

    /// Marks an unused recovery code as used; false when there is none matching.
    static func useRecoveryCode(_ code: String, userID: Int, now: Date, on db: any Database) async throws -> Bool {
        guard code.filter({ $0.isLetter || $0.isNumber }).count == 8 else { return false }
        struct Row: Decodable { let id: Int }
        guard let row = try await db.sql.select().column("id").from("recovery_codes")
            .where("user_id", .equal, SQLBind(userID)).where("code_hash", .equal, SQLBind(OneTimeCodes.recoveryHash(code)))
            .where(SQLColumn("used_at"), .is, SQLLiteral.null).first(decoding: Row.self) else { return false }
        try await db.sql.update("recovery_codes").set("used_at", to: SQLBind(Int(now.timeIntervalSince1970)))
            .where("id", .equal, SQLBind(row.id)).where(SQLColumn("used_at"), .is, SQLLiteral.null).run()
        return true
    }

    struct SetupModel: Encodable, Sendable {
        let enabled: Bool; let required: Bool; let secret: String?; let uri: String?; let qr: String?; let recoveryCodes: [String]?
        let unusedRecoveryCodes: Int; let error: String?
    }

    @Sendable func showSetup(req: Request) async throws -> Response { try await renderSetup(req) }

    func renderSetup(_ req: Request, recoveryCodes: [String]? = nil, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let current = try req.currentUser
        guard let user = try await User.find(current.id, on: req.db) else { throw AppError.unauthenticated }
        var secret: [UInt8]?
        if user.totpSecret == nil {
            // A fresh secret each time the page opens without one pending, kept sealed until a code confirms it.
            if let sealed = user.totpPendingSecret { secret = Base32.decode(try req.gongzhi.vault.open(sealed)) }
            if secret == nil {
                let new = OneTimeCodes.newSecret()
                user.totpPendingSecret = req.gongzhi.vault.seal(Base32.encode(new))
                try await user.update(on: req.db)
                secret = new
            }
        }
        struct Count: Decodable { let n: Int }
        let unused = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = \(bind: current.id) AND used_at IS NULL")
            .first(decoding: Count.self)?.n ?? 0
        let grouped = secret.map { Base32.encode($0).enumerated().map { $0.offset > 0 && $0.offset % 4 == 0 ? " \($0.element)" : "\($0.element)" }.joined() }
        let uri = secret.map { OneTimeCodes.provisioningURI(secret: $0, account: user.username) }
        let model = SetupModel(enabled: user.totpSecret != nil, required: current.hasAny(Role.administrators), secret: grouped,
                               uri: uri, qr: uri.flatMap { SVG.qr($0, label: "身份验证器设置二维码") },
                               recoveryCodes: recoveryCodes, unusedRecoveryCodes: unused, error: error)
        return try await req.page("accounts/account-totp", title: "动态口令", breadcrumbs: [.init("我的账号", AccountPaths.account.description), .init("动态口令")], model, status: status)
    }

    struct ConfirmForm: Content { var code: String }

    /// The first code from the authenticator turns it on; ten recovery codes are shown once.
    @Sendable func confirmSetup(req: Request) async throws -> Response {
        let current = try req.currentUser
        guard let user = try await User.find(current.id, on: req.db) else { throw AppError.unauthenticated }
        guard user.totpSecret == nil, let sealed = user.totpPendingSecret, let secret = Base32.decode(try req.gongzhi.vault.open(sealed)) else {
            return req.redirect(to: AccountPaths.totp.description)
        }
        let form = try req.content.decode(ConfirmForm.self)
        guard let step = OneTimeCodes.matchingStep(form.code, secret: secret, at: req.gongzhi.now(), lastUsed: nil) else {
            return try await renderSetup(req, error: "口令不正确：请确认手机时间准确，并输入应用中当前显示的6位数字", status: .unprocessableEntity)
        }
        let codes = OneTimeCodes.newRecoveryCodes()
        try await req.db.transaction { db in
            user.totpSecret = sealed; user.totpPendingSecret = nil; user.totpLastStep = Int(step)
            try await user.update(on: db)
            try await db.sql.delete(from: "recovery_codes").where("user_id", .equal, SQLBind(try user.requireID())).run()
            let insert = db.sql.insert(into: "recovery_codes").columns("user_id", "code_hash")
            for code in codes { insert.values(SQLBind(try user.requireID()), SQLBind(OneTimeCodes.recoveryHash(code))) }
            try await insert.run()
        }
        try await req.audit(action: "second-factor", detail: "启用动态口令，生成\(codes.count)个恢复码")
        return try await renderSetup(req, recoveryCodes: codes)
    }

    /// Users who are not administrators may turn the second factor off again (with a current code).
    @Sendable func disable(req: Request) async throws -> Response {
        let current = try req.currentUser
        guard !current.hasAny(Role.administrators) else { throw AppError.badRequest("管理员账号必须使用动态口令，不能停用") }
        guard let user = try await User.find(current.id, on: req.db), let sealed = user.totpSecret,
              let secret = Base32.decode(try req.gongzhi.vault.open(sealed)) else { return req.redirect(to: AccountPaths.totp.description) }
        let form = try req.content.decode(ConfirmForm.self)
        guard OneTimeCodes.matchingStep(form.code, secret: secret, at: req.gongzhi.now(), lastUsed: user.totpLastStep.map(Int64.init)) != nil else {
            return try await renderSetup(req, error: "口令不正确", status: .unprocessableEntity)
        }
        user.totpSecret = nil; user.totpLastStep = nil
        try await user.update(on: req.db)
        try await req.db.sql.delete(from: "recovery_codes").where("user_id", .equal, SQLBind(try user.requireID())).run()
        try await req.audit(action: "second-factor", detail: "停用动态口令")
        return req.redirect(to: AccountPaths.totp.description)
    }
}
