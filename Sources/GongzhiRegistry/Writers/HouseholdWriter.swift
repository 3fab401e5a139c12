import Fluent
import GongzhiCore
import GongzhiKit

enum HouseholdWriter {
    /// Numbers a new household: the community's 12-digit code, group 01, and the next free 4-digit number.
    static func create(in dwelling: Place, on db: any Database) async throws -> Household {
        let ids = PlaceScope.ids(in: dwelling.path)
        guard let community = try await Place.query(on: db).filter(\.$id ~~ ids).filter(\.$kind == .community).first(),
              let code = community.code else { throw AppError.badRequest("所在社区没有区划代码，无法编户号") }
        return try await db.transaction { db in
            let last = try await Household.query(on: db).filter(\.$code >= code).filter(\.$code < code + "~").sort(\.$code, .descending).first()
            let next = (last.flatMap { Int($0.code.suffix(6)) } ?? 10_000) + 1
            let household = Household()
            household.dwellingID = try dwelling.requireID()
            household.path = dwelling.path
            household.code = code + String(format: "%06d", next)
            try await household.create(on: db)
            try await Rollups.refresh(on: db, above: [dwelling.path], .people)
            return household
        }
    }

    /// Removes a household no one lives in any more (all moved out or away), so the counts stop showing it.
    static func delete(_ household: Household, on db: any Database) async throws {
        try await db.transaction { db in
            let members = try await Resident.query(on: db).filter(\.$householdID == (try household.requireID())).count()
            guard members == 0 else { throw AppError.conflict("该户还有\(members)名成员，请先将其迁至他户或删除后再删除本户") }
            try await household.delete(on: db)
            try await Rollups.refresh(on: db, above: [household.path], .people)
        }
    }
}
