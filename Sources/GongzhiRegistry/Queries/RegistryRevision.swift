import Fluent
import GongzhiKit

/// The registry's data revision: moved on by every write of a registry record, so pages cached per revision
/// (the overview) are recomputed after any change, on every app server.
enum RegistryRevision {
    static let name = "registry"
    static func bump(on db: any Database) async throws { try await DataRevision.bump(name, on: db) }
    static func current(on db: any Database) async throws -> Int { try await DataRevision.current(name, on: db) }

    /// Bumps the revision on every create, update and delete of a registry model made through Fluent.
    /// Bulk writes (imports, the demo) go through `Rollups.refresh`, which bumps it too.
    struct Middleware: AnyModelMiddleware {
        static let schemas: Set<String> = [Place.schema, Household.schema, Resident.schema, PartyOrganization.schema,
                                           PartyMember.schema, Organization.schema, Facility.schema, BuildingGroup.schema]
        func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
            next.handle(event, model, on: db).flatMap {
                guard Self.schemas.contains(type(of: model).schema) else { return db.eventLoop.makeSucceededVoidFuture() }
                return db.eventLoop.makeFutureWithTask { try await RegistryRevision.bump(on: db) }
            }
        }
    }
}
