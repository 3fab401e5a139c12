import Fluent
import GongzhiKit
import Vapor

/// The community filter of a list page, one for every module: the communities of the user's places, the one chosen
/// (`?community=`; one outside the user's places is ignored), and the scope the list reads (the chosen community, or
/// all of the user's places).
public struct CommunityFilter: Sendable {
    public let communities: [RegistryDirectory.PlaceEntry]
    public let chosen: RegistryDirectory.PlaceEntry?
    public let scope: PlaceScope

    public static func read(_ req: Request) async throws -> CommunityFilter {
        let scope = try req.currentUser.scope()
        let communities = try await Self.communities(of: scope, on: req.db)
        let chosen = try req.queryID("community", label: "社区").flatMap { id in communities.first { $0.id == id } }
        return CommunityFilter(communities: communities, chosen: chosen, scope: narrow(scope, to: chosen))
    }

    public var picker: Picker {
        Picker(name: "community", label: "社区", options: communities.map { .init(String($0.id), $0.name) }, selected: chosen.map { String($0.id) },
               empty: "全部", ordered: true)
    }

    /// The communities within a scope, or those holding it (a building leader's community).
    public static func communities(of scope: PlaceScope, on db: any Database) async throws -> [RegistryDirectory.PlaceEntry] {
        let within = try await RegistryDirectory.places(.community, within: scope, on: db)
        if !within.isEmpty { return within }
        var found: [RegistryDirectory.PlaceEntry] = []
        for path in scope.paths { if let c = try await RegistryDirectory.community(of: path, on: db), !found.contains(c) { found.append(c) } }
        return found
    }

    /// A scope narrowed to one of its communities; a community that holds the scope (a building leader's) narrows nothing.
    public static func narrow(_ scope: PlaceScope, to community: RegistryDirectory.PlaceEntry?) -> PlaceScope {
        guard let community, scope.contains(community.path) else { return scope }
        return PlaceScope(paths: [community.path])
    }
}
