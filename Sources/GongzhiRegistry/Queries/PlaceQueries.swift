import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit
import Vapor

/// Reading places for a user: every read goes through the user's scope.
enum PlaceQueries {
    /// The places along `path`, root first, as breadcrumbs; those above the user's places are shown without links.
    static func breadcrumbs(_ path: String, for user: CurrentUser, on db: any Database, last: String? = nil) async throws -> [Layout.Crumb] {
        let ids = PlaceScope.ids(in: path)
        let places = try await PlaceRow.select(on: db).where(SQLColumn("id"), .in, SQLBind.group(ids)).places()
        let byID = Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0) })
        let scope = user.scope()
        var crumbs = ids.compactMap { byID[$0] }.map { p in Layout.Crumb(p.name, scope.contains(p.path) ? RegistryPaths.place(p.id) : nil) }
        if let last { crumbs.append(.init(last)) }
        return crumbs
    }

    /// The first place a user works at: where `/` takes them.
    static func home(for user: CurrentUser, gongzhi: Gongzhi) -> String {
        let grants = user.grants.filter { Role.business.contains($0.role) }.sorted { $0.placePath.count < $1.placePath.count }
        let roles = Set(grants.map(\.role))
        if roles.count == 1, let role = roles.first, let home = gongzhi.home(for: role) { return home }
        guard let first = grants.first else {
            // Someone with no business role but one whose module keeps a home (an enumerator's day).
            if let home = Role.allCases.filter(user.has).compactMap(gongzhi.home(for:)).first { return home }
            if user.person != nil { return RegistryPaths.mine.description }
            return user.has(.administrator) ? AccountPaths.users.description : user.has(.securityAdministrator) ? AccountPaths.roles.description : user.has(.auditAdministrator) ? AccountPaths.audit.description : AccountPaths.account.description
        }
        return PlaceScope.ids(in: first.placePath).count == 1 ? RegistryPaths.overview.description : RegistryPaths.place(first.placeID)
    }

    /// Where a party organisation may serve or a facility stand: the subdistrict, communities, grids and compounds
    /// within a user's places, as indented choices in tree order (siblings by their sort order).
    static func placements(_ scope: PlaceScope, selected: String?, on db: any Database) async throws -> [ResidentViews.Option] {
        let places = try await Place.query(on: db).filter(\.$kind ~~ [.subdistrict, .community, .grid, .compound]).within(scope, \.$path).sort(\.$sortOrder).sort(\.$id).all()
        let ids = Set(places.compactMap(\.id))
        let children = Dictionary(grouping: places) { $0.parentID.flatMap { ids.contains($0) ? $0 : nil } }
        var result: [ResidentViews.Option] = []
        func walk(_ parent: Int?, depth: Int) throws {
            for p in children[parent] ?? [] {
                result.append(.init(value: String(try p.requireID()), label: String(repeating: "　", count: depth) + p.name, selected: selected == String(try p.requireID())))
                try walk(p.id, depth: depth + 1)
            }
        }
        try walk(nil, depth: 0)
        // A record already placed deeper (a facility in a building) keeps its place as the first choice, so saving
        // the form never moves it by accident.
        if let selected, !result.contains(where: \.selected), let id = Int(selected), let own = try await Place.find(id, on: db), scope.contains(own.path) {
            result.insert(.init(value: selected, label: own.address.isEmpty ? own.name : own.address, selected: true), at: 0)
        }
        return result
    }
}
