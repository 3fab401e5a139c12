import Fluent
import GongzhiKit
import Vapor

extension Request {
    /// The record named by the route's `:id`, if it lies within the signed-in user's places.
    /// Missing and elsewhere get the same refusal, so nobody learns that a record exists outside their places.
    func visible<M: Model>(_ type: M.Type, path: KeyPath<M, FieldProperty<M, String>>) async throws -> M where M.IDValue == Int {
        let user = try currentUser
        guard let id = parameters.get("id", as: Int.self), let record = try await M.find(id, on: db),
              user.scope().contains(record[keyPath: path].wrappedValue) else { throw AppError.forbidden }
        return record
    }
}
