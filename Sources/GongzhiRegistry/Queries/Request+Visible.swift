import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

extension Request {
    /// The record named by the route's `:id`, if it lies within the signed-in user's places.
    /// Missing and elsewhere get the same refusal, so nobody learns that a record exists outside their places.
    func visible<M: Model>(_ type: M.Type, path: KeyPath<M, FieldProperty<M, String>>) async throws -> M where M.IDValue == Int {
        guard let record = try await M.find(id: try routeID(), within: try currentUser.scope(), path: path, on: db) else { throw AppError.forbidden }
        return record
    }
}

extension Model where IDValue == Int {
    /// The record whose id a form field holds, if it lies within `scope`: nil for text that is no id, a missing record
    /// and one elsewhere alike, so a form's message cannot tell them apart either.
    static func find(_ text: String?, within scope: PlaceScope, path: KeyPath<Self, FieldProperty<Self, String>>,
                     on db: any Database) async throws -> Self? {
        try await find(id: Bounded.id(text), within: scope, path: path, on: db)
    }

    /// The record with `id`, if it lies within `scope`.
    static func find(id: Int?, within scope: PlaceScope, path: KeyPath<Self, FieldProperty<Self, String>>,
                     on db: any Database) async throws -> Self? {
        guard let id, let record = try await find(id, on: db), scope.contains(record[keyPath: path].wrappedValue) else { return nil }
        return record
    }
}
