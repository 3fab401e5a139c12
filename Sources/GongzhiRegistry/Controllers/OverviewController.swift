import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// The subdistrict's overview: the profile paragraph, key figures, charts and the map of communities.
struct OverviewController: RouteCollection {
    struct Model: Encodable, Sendable {
        let overview: Overview
        let figures: [Figure]
        let table: Table
        let populationChart: String
        let partyChart: String
        let map: String
        /// What the other modules' records say about the subdistrict: the report's sentences and the drawn cards.
        let highlights: [Highlight]
        let hasHighlights: Bool
        let highlightCards: String
        /// The years with yearly figures, the shown one marked.
        let years: String
        /// The signed-in person's own waiting items (not cached: they are theirs).
        var agenda = ""
    }
    struct Figure: Encodable, Sendable { let label: String; let value: String }

    /// The page content of each subdistrict while no module's records change: the same for every user who may see it.
    let cache = RevisionCache<Key, Model>()
    struct Key: Hashable, Sendable { let subdistrict: Int; let period: Period }

    func boot(routes: any RoutesBuilder) throws {
        routes.allow(.anyone).get(AccountPaths.home, use: home)
        routes.allow(Role.business).get(RegistryPaths.overview, use: show)
    }

    /// Signed in: one's own start page. Not signed in: the public portal of the subdistrict (a chooser first where
    /// the instance holds several), or the first-run setup while there is no account at all.
    @Sendable func home(req: Request) async throws -> Response {
        if let user = req.currentUserIfAny { return req.redirect(to: PlaceQueries.home(for: user, gongzhi: req.gongzhi)) }
        if try await User.query(on: req.db).count() == 0 { return req.redirect(to: AccountPaths.setup.description) }
        let subdistricts = try await Subdistricts.all(on: req.db)
        let id = try req.queryID("subdistrict", label: "街道")
        guard let subdistrict = subdistricts.count == 1 && id == nil ? subdistricts.first : subdistricts.first(where: { $0.id == id }) else {
            if id != nil { throw AppError.notFound("没有这个街道") }
            let choices = try subdistricts.map { Portal.Choice(name: $0.name, link: "\(AccountPaths.home)?subdistrict=\(try $0.requireID())") }
            return try await req.page("registry/portal", title: "社区共建共治平台", Portal(name: nil, paragraph: "", highlights: nil, sections: [], choices: choices))
        }
        let subdistrictID = try subdistrict.requireID()
        let overview = try await cache.value(Key(subdistrict: subdistrictID, period: .latest), revision: try await DataRevision.total(on: req.db)) {
            let years = try await PositionsHighlight.years(at: subdistrict.path, on: req.db)
            return try await Self.model(of: subdistrict, highlights: try await req.gongzhi.highlights(at: subdistrict.path, period: .latest, on: req.db),
                                        years: YearChooser(years: years, shown: Period.latest.resolved(among: years), path: RegistryPaths.overview.description, query: [:]).html,
                                        on: req.db)
        }
        let today = BeijingTime.day(of: req.gongzhi.now())
        var sections: [PortalSection] = []
        for source in req.gongzhi.portalSources { if let section = try await source(req.db, subdistrict.path, today) { sections.append(section) } }
        return try await req.page("registry/portal", title: subdistrict.name,
                                  Portal(name: subdistrict.name, paragraph: overview.overview.paragraph, highlights: overview.highlights.map(\.sentence).nonEmpty,
                                         sections: sections, choices: []))
    }

    /// The public portal: the subdistrict's profile, what each module makes public, the way in.
    struct Portal: Encodable, Sendable {
        struct Choice: Encodable, Sendable { let name: String; let link: String }
        let name: String?
        let paragraph: String
        let highlights: [String]?
        let sections: [PortalSection]
        let choices: [Choice]
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.currentUser
        let id = try req.queryID("subdistrict", label: "街道")
        let candidates = try await Subdistricts.all(on: req.db).filter { user.scope().contains($0.path) }
        guard let subdistrict = candidates.first(where: { id == nil || $0.id == id }) else {
            if id == nil { return req.redirect(to: PlaceQueries.home(for: user, gongzhi: req.gongzhi)) }
            throw AppError.forbidden
        }
        let period = try Period(req)
        let revision = try await DataRevision.total(on: req.db)
        let subdistrictID = try subdistrict.requireID()
        var model = try await cache.value(Key(subdistrict: subdistrictID, period: period), revision: revision) {
            let years = try await PositionsHighlight.years(at: subdistrict.path, on: req.db)
            return try await Self.model(of: subdistrict, highlights: try await req.gongzhi.highlights(at: subdistrict.path, period: period, on: req.db),
                                        years: YearChooser(years: years, shown: period.resolved(among: years), path: RegistryPaths.overview.description,
                                                           query: id == nil ? [:] : ["subdistrict": String(subdistrictID)]).html, on: req.db)
        }
        model.agenda = Gongzhi.agendaCard(try await req.gongzhi.agenda(for: user, today: BeijingTime.day(of: req.gongzhi.now()), revision: revision, on: req.db))
        return try await req.page("registry/overview", title: "\(subdistrict.name)概览", breadcrumbs: [.init(subdistrict.name)], model)
    }

    static func model(of subdistrict: Place, highlights: [Highlight], years: String = "", on db: any Database) async throws -> Model {
        let overview = try await Overview.load(subdistrict, on: db)
        let p = overview.profile
        let figures = [
            Figure(label: "辖区面积", value: "\(ChineseNumber.decimal(p.areaKm2))平方公里"),
            Figure(label: "社区", value: "\(p.communities)个"),
            Figure(label: "人口", value: ChineseNumber.population(p.population)),
            Figure(label: "户数", value: "\(overview.households)户"),
            Figure(label: "党员", value: "\(p.partyMemberTotal)人"),
            Figure(label: "驻区单位", value: "\(p.residentUnits)家"),
            Figure(label: "“两新”组织", value: "\(p.twoNewOrganizations)家"),
        ]
        let rows = overview.communities.map { c in
            Table.Row([Table.Cell(c.name, link: RegistryPaths.place(c.id)), .init(c.leadingOrganization), .init(c.residents), .init(c.households),
                       .init(c.partyMembers), .init(c.inService), .init(c.retired), .init(c.directlyManaged), .init(c.residentUnits), .init(c.twoNew)])
        }
        let columns = ["社区", "党组织", "人口", "户数", "党员", "在职", "离退休", "直管", "驻区单位", "两新组织"].enumerated().map {
            Table.Column.plain($0.element, numeric: $0.offset >= 2)
        }
        return Model(
            overview: overview, figures: figures, table: Table(columns: columns, rows: rows),
            populationChart: SVG.bars(overview.communities.map { .init($0.name, Double($0.residents), link: RegistryPaths.place($0.id)) }, title: "各社区人口", unit: "人"),
            partyChart: SVG.donut(PartyMemberCategory.allCases.map { .init($0.label, Double(p.partyMembers[$0] ?? 0)) },
                                  title: "党员构成", centre: "\(p.partyMemberTotal)人"),
            map: SVG.map(overview.communities.compactMap { c in c.geometry.map { (SVG.Datum(c.name, Double(c.residents), link: RegistryPaths.place(c.id)), $0) } },
                         title: "社区示意图", unit: "人"),
            highlights: highlights, hasHighlights: !highlights.isEmpty, highlightCards: Highlight.cards(highlights), years: years)
    }
}
