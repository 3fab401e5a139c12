import GongzhiKit
import GongzhiRegistry
import Vapor

/// The community filter of a list page: the communities of the user's places, the one chosen (`?community=`), and the
/// scope the list reads (the chosen community, or all of the user's places).
struct CommunityFilter: Sendable {
    let communities: [RegistryDirectory.PlaceEntry]
    let chosen: RegistryDirectory.PlaceEntry?
    let scope: PlaceScope

    static func read(_ req: Request) async throws -> CommunityFilter {
        let scope = try req.currentUser.scope()
        let communities = try await ServiceFigures.communities(of: scope, on: req.db)
        let chosen = try req.queryID("community", label: "社区").flatMap { id in communities.first { $0.id == id } }
        return CommunityFilter(communities: communities, chosen: chosen, scope: ServiceFigures.narrow(scope, to: chosen))
    }

    var picker: Picker {
        Picker(name: "community", label: "社区", options: communities.map { .init(String($0.id), $0.name) }, selected: chosen.map { String($0.id) },
               empty: "全部", ordered: true)
    }
}
