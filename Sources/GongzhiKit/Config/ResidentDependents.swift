import Fluent
import Vapor

/// What another module keeps about residents of the registry (a veteran's record), so that the registry keeps it
/// true without knowing its tables: a resident it still holds is not removed, and a resident who moves house takes
/// the module's records along (their place paths, and so their scope, follow the resident).
public struct ResidentDependent: Sendable {
    /// What the module holds, for the message that refuses a removal: "退役军人登记".
    public let name: String
    /// Which of these residents the module holds records of.
    public let holding: @Sendable (any Database, [Int]) async throws -> Set<Int>
    /// These residents now live under these place paths (resident id → path); called in the registry's transaction.
    public let moved: @Sendable (any Database, [Int: String]) async throws -> Void

    public init(name: String, holding: @escaping @Sendable (any Database, [Int]) async throws -> Set<Int>,
                moved: @escaping @Sendable (any Database, [Int: String]) async throws -> Void) {
        self.name = name; self.holding = holding; self.moved = moved
    }
}

extension [ResidentDependent] {
    /// Refuses to remove a resident that a module still holds, naming the module.
    public func checkRemovable(_ residentID: Int, on db: any Database) async throws {
        for dependent in self where try await dependent.holding(db, [residentID]).contains(residentID) {
            throw AppError.conflict("该居民在“\(dependent.name)”中有记录，不能删除；请先在该模块中处理")
        }
    }

    public func moved(_ paths: [Int: String], on db: any Database) async throws {
        guard !paths.isEmpty else { return }
        for dependent in self { try await dependent.moved(db, paths) }
    }
}
