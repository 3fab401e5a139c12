import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import GongzhiKit
import GongzhiCampaigns
import GongzhiCensus
import GongzhiCoBuilding
import GongzhiDeliberation
import GongzhiNews
import GongzhiRegistry
import GongzhiService
import GongzhiStarGroups
import GongzhiVeterans
import Leaf
import LeafKit
import NIOConcurrencyHelpers
import Vapor

/// Assembles Gongzhi: database, middleware, templates, migrations, modules and commands.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.useGongzhi(config)
    // A request waits this long for a database connection (and a new PostgreSQL connection this long to open)
    // before it fails. The test suite runs dozens of applications at once on two cores, where both passed 10 s.
    let poolTimeout: TimeAmount = app.environment == .testing ? .seconds(120) : .seconds(10)
    switch config.database {
    case .sqlite(let path):
        app.databases.use(.sqlite(path == ":memory:" ? .memory : .file(path), connectionPoolTimeout: poolTimeout), as: .sqlite)
        // WAL lets readers proceed while one connection writes; the setting persists in the file.
        if path != ":memory:" { try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode=WAL").run() }
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.coreConfiguration.options.connectTimeout = poolTimeout
        app.databases.use(.postgres(configuration: postgres, connectionPoolTimeout: poolTimeout), as: .psql)
    }

    app.middleware = .init()
    app.middleware.use(SecurityHeaders())
    app.middleware.use(GongzhiErrorMiddleware())
    app.middleware.use(InputGuard())
    app.middleware.use(FileMiddleware(publicDirectory: KitModule.publicDirectory))

    let sources = LeafSources()
    var directories: Set<String> = []
    for (name, directory) in [("kit", KitModule.viewsDirectory)] + Modules.all.map({ ($0.name, $0.viewsDirectory) })
    where directories.insert(directory).inserted {
        try sources.register(source: name, using: NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: directory, viewDirectory: directory), searchable: true)
    }
    app.views.use(.leaf)
    app.leaf.sources = sources
    app.leaf.cache.isEnabled = app.environment.isRelease || app.environment == .testing

    // A plain route for load balancers, and the baseline the benchmark compares every page with.
    app.allow(.anyone).get("healthz") { _ in "ok" }
    // Every other route knows its session and user.
    let routes = app.grouped(LoadCurrentUser(), AccountGate(), AuditTrail(), Authorize(), CSRFProtection())
    try Modules.install(in: app, routes: routes)

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(ReportCommand(), as: "report")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(NoticesCommand(), as: "notices")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(PlacesCommand(), as: "places")
}

/// The modules, in the order they shipped: accounts and the registry first, then the domain modules. Their migrations,
/// navigation and highlights follow this order. A new module is one line here.
enum Modules {
    static let all: [any GongzhiModule.Type] = [
        AccountsModule.self, RegistryModule.self,
        CampaignsModule.self, StarGroupsModule.self, CoBuildingModule.self, VeteransModule.self, PhotosModule.self,
        NoticesModule.self, DeliberationModule.self, NewsModule.self, ServiceModule.self, CensusModule.self,
    ]

    /// Every table, in the order it shipped.
    static var migrations: [any Migration] { all.flatMap { $0.migrations } }

    /// Registers everything each module declares.
    static func install(in app: Application, routes: any RoutesBuilder) throws {
        for migration in migrations { app.migrations.add(migration) }
        app.useAddresses(all.flatMap { $0.addresses })
        for module in all {
            for middleware in module.modelMiddleware { app.databases.middleware.use(middleware) }
            module.provide(to: app.gongzhi)
            for item in module.navigation { app.gongzhi.register(item) }
            if let highlight = module.highlight { app.gongzhi.register(highlight) }
            if let portal = module.portal { app.gongzhi.register(portal: portal) }
            if let agenda = module.agenda { app.gongzhi.register(agenda: agenda) }
            if let contacts = module.contacts { app.gongzhi.register(contacts: contacts) }
            for dependent in module.residentDependents { app.gongzhi.register(dependent) }
            try module.routes(routes)
        }
    }

    /// The demo subdistrict: the registry's records, its accounts (a campaign's cadre, a building's leader sign in),
    /// then each module's records, in one transaction.
    static func loadDemo(on db: any Database, gongzhi: Gongzhi, size: DemoSize = .full) async throws -> (summary: DemoSummary, accounts: [DemoAccounts.Account]) {
        let made = NIOLockedValueBox<[DemoAccounts.Account]>([])
        let summary = try await DemoSubdistrict.load(on: db, vault: gongzhi.vault, size: size) { db in
            let accounts = try await DemoAccounts.create(on: db, cost: gongzhi.config.bcryptCost)
            made.withLockedValue { $0 = accounts }
            for module in all { try await module.loadDemo(on: db, demo: DemoContext(size: size, gongzhi: gongzhi)) }
            for module in all { try await module.finishDemo(on: db, demo: DemoContext(size: size, gongzhi: gongzhi)) }
        }
        return (summary, made.withLockedValue { $0 })
    }
}
