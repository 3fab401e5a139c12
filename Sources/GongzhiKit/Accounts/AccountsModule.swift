import Fluent
import Foundation
import Vapor

/// Signing in, one's own account, and the three administrators' pages (三员分立): accounts, role grants, audit log.
public enum AccountsModule: GongzhiModule {
    public static let name = "accounts"
    public static var viewsDirectory: String { KitModule.viewsDirectory }
    /// Its tables come first of all (`KitMigrations.all`), since every module's records name users.
    public static var migrations: [any Migration] { KitMigrations.all }
    public static let addresses = AccountPaths.all
    /// Authenticator secrets.
    public static var sealedColumns: [KeyRotation.Columns] { [KeyRotation.accounts] }
    public static let navigation = [NavItem("角色授权", path: AccountPaths.roles, roles: [.securityAdministrator]),
                                    NavItem("审计", path: AccountPaths.audit, roles: [.auditAdministrator]),
                                    NavItem("用户", path: AccountPaths.users, roles: [.administrator])]

    public static func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: SignInController())
        try routes.register(collection: SignUpController())
        try routes.register(collection: UsersController())
        try routes.register(collection: AccountController())
        try routes.register(collection: SecondFactorController())
        try routes.register(collection: RolesController())
        try routes.register(collection: AuditController())
    }
}

/// Every address of the accounts module.
public enum AccountPaths {
    /// The site's root: the registry answers it with the user's start page.
    public static let home = Address("home", "/")
    /// First-run set-up of an empty instance: the subdistrict and its three administrators (the registry answers it).
    public static let setup = Address("setup", "/setup")
    /// A person of the registry makes their own sign-in with the one-time code their community gave them.
    public static let signUp = Address("signUp", "/signup")
    public static let login = Address("login", "/login")
    public static let loginCode = Address("loginCode", "/login/code")
    public static let logout = Address("logout", "/logout")
    public static let account = Address("account", "/account")
    public static let password = Address("accountPassword", "/account/password")
    public static let endSessions = Address("accountSessionsEnd", "/account/sessions/end")
    public static let totp = Address("accountTotp", "/account/totp")
    public static let totpDisable = Address("accountTotpDisable", "/account/totp/disable")
    public static let users = Address("users", "/users")
    public static let userActive = Address("userActive", "/users/:id/active")
    public static let userPassword = Address("userPassword", "/users/:id/password")
    public static let roles = Address("roles", "/roles")
    public static let roleRevoke = Address("roleRevoke", "/roles/:id/revoke")
    public static let tokens = Address("tokens", "/roles/tokens")
    public static let tokenRevoke = Address("tokenRevoke", "/roles/tokens/:id/revoke")
    public static let audit = Address("audit", "/audit")
    public static let auditExport = Address("auditExport", "/audit/export.xlsx")
    public static let auditVerify = Address("auditVerify", "/audit/verify")

    /// How the audit log names an account (it has no page of its own).
    public static func user(_ id: Int) -> String { "/users/\(id)" }
    /// How the audit log names an API token.
    public static func token(_ id: Int) -> String { "/roles/tokens/\(id)" }

    static let all = [home, setup, signUp, login, loginCode, logout, account, password, endSessions, totp, totpDisable, users, userActive, userPassword,
                      roles, roleRevoke, tokens, tokenRevoke, audit, auditExport, auditVerify]
}
