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
        var crumbs = ids.compactMap { byID[$0] }.map { p in Layout.Crumb(p.name, scope.contains(p.path) ? "/places/\(p.id)" : nil) }
        if let last { crumbs.append(.init(last)) }
        return crumbs
    }

    /// The first place a user works at: where `/` takes them.
    static func home(for user: CurrentUser) -> String {
        let grants = user.grants.filter { Role.business.contains($0.role) }.sorted { $0.placePath.count < $1.placePath.count }
        guard let first = grants.first else {
            return user.has(.administrator) ? "/users" : user.has(.securityAdministrator) ? "/roles" : user.has(.auditAdministrator) ? "/audit" : "/account"
        }
        return PlaceScope.ids(in: first.placePath).count == 1 ? "/overview" : "/places/\(first.placeID)"
    }
}
