import Fluent
import GongzhiCore
import Vapor

/// The one check that a record named by a route lies within the signed-in user's places. Every module's handler that
/// reads a record by the route's `:id` goes through it; missing and elsewhere get the same refusal, so nobody learns
/// that a record exists outside their places.
extension Request {
    /// The model named by the route's `:id`, if its place path lies within the user's places.
    public func visible<M: Model>(_ type: M.Type, path: KeyPath<M, FieldProperty<M, String>>) async throws -> M where M.IDValue == Int {
        guard let record = try await M.find(id: try routeID(), within: try currentUser.scope(), path: path, on: db) else { throw AppError.forbidden }
        return record
    }

    /// The record named by the route's `:id`, found by `find` (another module's directory entry), if it lies within
    /// the user's places. `reaching` also admits a record whose place holds the user's places (a campaign task set
    /// for the whole community, seen by the leader of one of its buildings).
    public func visible<Record>(_ find: (Int) async throws -> Record?, path: (Record) -> String, reaching: Bool = false) async throws -> Record {
        let scope = try currentUser.scope()
        guard let record = try await find(try routeID()) else { throw AppError.forbidden }
        let place = path(record)
        guard reaching ? scope.overlaps(place) : scope.contains(place) else { throw AppError.forbidden }
        return record
    }
}

extension Model where IDValue == Int {
    /// The record whose id a form field holds, if it lies within `scope`: nil for text that is no id, a missing record
    /// and one elsewhere alike, so a form's message cannot tell them apart either.
    public static func find(_ text: String?, within scope: PlaceScope, path: KeyPath<Self, FieldProperty<Self, String>>,
                            on db: any Database) async throws -> Self? {
        try await find(id: Bounded.id(text), within: scope, path: path, on: db)
    }

    /// The record with `id`, if it lies within `scope`.
    public static func find(id: Int?, within scope: PlaceScope, path: KeyPath<Self, FieldProperty<Self, String>>,
                            on db: any Database) async throws -> Self? {
        guard let id, let record = try await find(id, on: db), scope.contains(record[keyPath: path].wrappedValue) else { return nil }
        return record
    }
}
