import Crypto
import Fluent
import GongzhiCore
import FluentPostgresDriver
import Foundation
import GongzhiKit
import GongzhiRegistry
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import GongzhiApp

/// The databases every database test runs on: SQLite always, PostgreSQL when `GONGZHI_TEST_POSTGRES_URL`
/// names a server (the test command starts one).
enum TestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    static var available: [TestDatabase] {
        ProcessInfo.processInfo.environment["GONGZHI_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }
    var testDescription: String { rawValue }
}

/// A fresh, migrated Gongzhi on its own database, optionally with the demo subdistrict and its accounts.
/// The small demo subdistrict in a SQLite file, made once per test process under its own data key; every SQLite
/// test that asks for the small demo starts from a copy (the demo takes seconds to load, a copy milliseconds).
actor SmallDemo {
    static let shared = SmallDemo()
    struct Template: Sendable { let path: String; let keyBytes: Data
        var key: SymmetricKey { SymmetricKey(data: keyBytes) } }
    private var made: Task<Template, any Error>?

    func file() async throws -> Template {
        if made == nil { made = Task { try await Self.make() } }
        return try await made!.value
    }

    static func make() async throws -> Template {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gz_template_\(UUID().uuidString.prefix(8).lowercased()).sqlite").path
        let key = SymmetricKey(size: .bits256)
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: AppConfig(database: .sqlite(path: path), dataKey: key, bcryptCost: 4))
            try await app.autoMigrate()
            _ = try await Modules.loadDemo(on: app.db, gongzhi: app.gongzhi, size: .small)
            // One file to copy: the write-ahead log folded into it.
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return Template(path: path, keyBytes: key.withUnsafeBytes { Data($0) })
    }
}

struct TestApp {
    let app: Application

    /// `demo`: the subdistrict loaded first; tests that do not assert the article's figures use the small one.
    static func with(_ database: TestDatabase, demo: DemoSize? = .small, _ body: (TestApp) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        // Warnings and errors only: dozens of test applications each logging every migration drown what matters.
        app.logger.logLevel = .warning
        let name = "gz_test_\(UUID().uuidString.prefix(8).lowercased())"
        var cleanup: (() async throws -> Void)?
        let location: AppConfig.DatabaseLocation
        var key = SymmetricKey(size: .bits256), loaded = false
        switch database {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            location = .sqlite(path: path)
            cleanup = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            // The small demo is loaded once per test process and copied: each test still has its own database.
            if demo == .small {
                let template = try await SmallDemo.shared.file()
                try FileManager.default.copyItem(atPath: template.path, toPath: path)
                key = template.key; loaded = true
            }
        case .postgres:
            let server = ProcessInfo.processInfo.environment["GONGZHI_TEST_POSTGRES_URL"]!
            try await PostgresAdmin.run("CREATE DATABASE \(name)", server: server)
            location = .postgres(url: String(server[..<server.lastIndex(of: "/")!]) + "/" + name)
            cleanup = { try await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", server: server) }
        }
        do {
            try await configure(app, config: AppConfig(database: location, dataKey: key, bcryptCost: 4))
            try await app.autoMigrate()
            if let demo, !loaded {
                _ = try await Modules.loadDemo(on: app.db, gongzhi: app.gongzhi, size: demo)
            }
            try await body(TestApp(app: app))
        } catch {
            try? await app.asyncShutdown(); try? await cleanup?()
            Issue.record("\(String(reflecting: error))")
            throw error
        }
        try await app.asyncShutdown()
        try await cleanup?()
    }

    /// Signs in as a browser does (the sign-in form with its pre-sign-in CSRF token) and returns the headers a
    /// browser would send afterwards: the session cookie, and the session's CSRF token as forms and scripts carry it.
    func signIn(_ username: String, password: String = DemoAccounts.password) async throws -> HTTPHeaders {
        let form = try await anonymousForm()
        var headers = HTTPHeaders()
        try await app.testing().test(.POST, "/login", headers: form.headers, beforeRequest: { req in
            try req.content.encode(["username": username, "password": password, "next": "/", "_csrf": form.token], as: .urlEncodedForm)
        }, afterResponse: { res in
            #expect(res.status == .seeOther, "sign-in of \(username) failed")
            if let cookie = res.headers.setCookie?["gongzhi_session"] { headers.cookie = HTTPCookies(dictionaryLiteral: ("gongzhi_session", cookie)) }
        })
        headers.replaceOrAdd(name: CSRFProtection.header, value: try await csrfToken(of: username))
        return headers
    }

    /// Signs in an administrator and sets up their authenticator, as the first sign-in requires; returns the session's headers.
    func signInAdministrator(_ username: String, password: String = DemoAccounts.password) async throws -> HTTPHeaders {
        let headers = try await signIn(username, password: password)
        let code = try await pendingAuthenticatorCode(username, as: headers)
        try await app.testing().test(.POST, "/account/totp", headers: headers, beforeRequest: { req in
            try req.content.encode(["code": code], as: .urlEncodedForm)
        }) { res in #expect(res.status == .ok && res.body.string.contains("恢复码"), "authenticator set-up of \(username)") }
        return headers
    }

    /// Opens the set-up page (which makes a secret) and returns the code an authenticator would show now.
    func pendingAuthenticatorCode(_ username: String, as headers: HTTPHeaders) async throws -> String {
        _ = try await get("/account/totp", as: headers)
        return try await authenticatorCode(username, column: "totp_pending_secret", at: app.gongzhi.now())
    }

    /// The code the user's authenticator shows at `date`, from the secret stored in `column`.
    func authenticatorCode(_ username: String, column: String = "totp_secret", at date: Date) async throws -> String {
        struct Row: Decodable { let secret: String }
        let sealed = try await app.db.sql.raw("SELECT \(ident: column) AS secret FROM users WHERE username = \(bind: username)").first(decoding: Row.self)!.secret
        let secret = Base32.decode(try app.gongzhi.vault.open(sealed))!
        return OneTimeCodes.code(secret: secret, counter: OneTimeCodes.counter(at: date))
    }

    /// The CSRF token of the user's newest session, as its pages carry it.
    func csrfToken(of username: String) async throws -> String {
        struct Row: Decodable { let csrf_token: String }
        return try await app.db.sql.raw("""
            SELECT s.csrf_token FROM sign_in_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = \(bind: username) ORDER BY s.id DESC
            """).first(decoding: Row.self)?.csrf_token ?? ""
    }

    /// A sign-in (or setup) page's CSRF cookie and token, as a browser holds them before signing in.
    func anonymousForm(_ path: String = "/login") async throws -> (headers: HTTPHeaders, token: String) {
        var result = (headers: HTTPHeaders(), token: "")
        try await app.testing().test(.GET, path) { res in
            if let cookie = res.headers.setCookie?["gongzhi_csrf"] {
                result.headers.cookie = HTTPCookies(dictionaryLiteral: ("gongzhi_csrf", cookie))
                result.token = cookie.string
            }
        }
        return result
    }

    /// What a form post answered.
    struct Answer { let status: HTTPStatus; let body: String; let location: String; var cookies: HTTPCookies? = nil }

    /// The table of a record's edit page, for the version its form carries.
    static let editPages: [(prefix: String, table: String)] = [("/residents/", "residents"), ("/places/", "places"), ("/party/members/", "party_members"),
                                                               ("/party/organizations/", "party_organizations"), ("/organizations/", "organizations"),
                                                               ("/facilities/", "facilities")]

    /// The version a record is at now, as its edit page would carry it (0 when there is no such record).
    func version(of path: String) async throws -> Int? {
        guard let page = Self.editPages.first(where: { path.hasPrefix($0.prefix) }),
              let id = Int(path.dropFirst(page.prefix.count).prefix { $0.isNumber }) else { return nil }
        return try await scalar("SELECT COALESCE(version, 1) AS n FROM \(page.table) WHERE id = \(id)")
    }

    /// POSTs `form` as a browser form with `headers` (a session's cookie and CSRF token, or a sign-in page's). A form
    /// to a record's edit page carries the version the record is at, as the page just opened would.
    func post(_ path: String, _ form: [String: String], as headers: HTTPHeaders) async throws -> Answer {
        var form = form
        if form["version"] == nil, let version = try await version(of: path) { form["version"] = String(version) }
        var answer = Answer(status: .internalServerError, body: "", location: "")
        try await app.testing().test(.POST, path, headers: headers, beforeRequest: { req in
            try req.content.encode(form, as: .urlEncodedForm)
        }) { res in answer = Answer(status: res.status, body: res.body.string, location: res.headers.first(name: .location) ?? "", cookies: res.headers.setCookie) }
        return answer
    }

    /// POSTs a form whose fields may repeat (`places[]` once per ticked box), as a browser sends it.
    func post(_ path: String, pairs: [(String, String)], as headers: HTTPHeaders) async throws -> Answer {
        let body = pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
        var answer = Answer(status: .internalServerError, body: "", location: "")
        try await app.testing().test(.POST, path, headers: headers, beforeRequest: { req in
            req.headers.contentType = .urlEncodedForm; req.body = ByteBuffer(string: body)
        }) { res in answer = Answer(status: res.status, body: res.body.string, location: res.headers.first(name: .location) ?? "") }
        return answer
    }

    /// POSTs a `multipart/form-data` form, as a page with a file field sends it: `fields`, then each file.
    func postMultipart(_ path: String, fields: [String: String], files: [(name: String, data: Data, filename: String)], as headers: HTTPHeaders) async throws -> Answer {
        var answer = Answer(status: .internalServerError, body: "", location: "")
        let boundary = "----gongzhi\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields.merging(["_csrf": headers.first(name: "X-CSRF-Token") ?? ""], uniquingKeysWith: { a, _ in a }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: image/jpeg\r\n\r\n")
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        try await app.testing().test(.POST, path, headers: headers, beforeRequest: { req in
            req.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            req.body = body
        }) { res in answer = Answer(status: res.status, body: res.body.string, location: res.headers.first(name: .location) ?? "", cookies: res.headers.setCookie) }
        return answer
    }

    /// Uploads `file` to a ledger's import, as the import page's form does, and follows the redirect a written import
    /// answers with (as a browser does), so the result is the page the user sees with its notice.
    func upload(_ ledger: String, _ file: Data, as headers: HTTPHeaders) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.internalServerError, "")
        var next: (location: String, headers: HTTPHeaders)?
        try await app.testing().test(.POST, "/exchange/\(ledger)", headers: headers, beforeRequest: { req in
            HTTPHeaders.multipart(file: file, filename: "\(ledger).xlsx", into: &req)
        }) { res in
            result = (res.status, res.body.string)
            if res.status == .seeOther, let location = res.headers.first(name: .location) { next = (location, headers.carrying(res)) }
        }
        if let next { result = try await get(next.location, as: next.headers) }
        return result
    }

    /// GETs where a POST's answer redirects, carrying the notice it left, as a browser does.
    func follow(_ answer: Answer, from headers: HTTPHeaders) async throws -> (status: HTTPStatus, body: String) {
        try await get(answer.location, as: answer.cookies.map { headers.adding(cookie: $0) } ?? headers)
    }

    /// GET with a session, returning the status and the body text.
    func get(_ path: String, as headers: HTTPHeaders) async throws -> (status: HTTPStatus, body: String) {
        var result: (HTTPStatus, String) = (.internalServerError, "")
        try await app.testing().test(.GET, path, headers: headers) { res in result = (res.status, res.body.string) }
        return result
    }

    func scalar(_ sql: String) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await app.db.sql.raw(SQLQueryString(sql)).first(decoding: Row.self)?.n ?? -1
    }

    /// The id of the first row a query returns (`SELECT id AS n …`).
    func id(_ sql: String) async throws -> Int { try await scalar(sql) }
}

/// Creates and drops the per-test databases on the PostgreSQL server.
enum PostgresAdmin {
    static func run(_ statement: String, server: String) async throws {
        let app = try await Application.make(.testing)
        do {
            try app.databases.use(.postgres(url: server), as: .psql)
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch { try? await app.asyncShutdown(); throw error }
        try await app.asyncShutdown()
    }
}

extension HTTPHeaders {
    /// Multipart form body with one file field, as a browser sends an upload.
    static func multipart(file data: Data, filename: String, into req: inout TestingHTTPRequest) {
        let boundary = "----gongzhi\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n")
        body.writeString("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        req.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        req.body = body
    }
}

extension HTTPHeaders {
    /// These headers with the cookies a response set added, as a browser sends its next request.
    func carrying(_ res: TestingHTTPResponse) -> HTTPHeaders { res.headers.setCookie.map { adding(cookie: $0) } ?? self }

    func adding(cookie set: HTTPCookies) -> HTTPHeaders {
        var headers = self
        var cookies = headers.cookie ?? HTTPCookies()
        for (name, value) in set.all { cookies[name] = HTTPCookies.Value(string: value.string) }
        headers.cookie = cookies
        return headers
    }
}
