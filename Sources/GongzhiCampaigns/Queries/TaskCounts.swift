import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit

/// Each campaign's tasks in a scope, counted in the database: all, done, and overdue on the day (not done, deadline
/// passed). A task in scope lies within the user's places or holds them (the compound around a leader's building).
struct TaskCounts: Decodable, Sendable {
    let campaign_id: Int, total: Int, done: Int, overdue: Int

    static func load(campaigns: [Int], scope: PlaceScope, today: CivilDate, on db: any Database) async throws -> [Int: TaskCounts] {
        guard !campaigns.isEmpty else { return [:] }
        // The places holding the user's: every path along theirs.
        let around = Set(scope.paths.flatMap { path in
            let ids = PlaceScope.ids(in: path)
            return ids.indices.map { "/" + ids[...$0].map(String.init).joined(separator: "/") + "/" }
        })
        let rows = try await db.sql.select()
            .column("campaign_id")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("total")))
            .column(SQLRaw("CAST(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS BIGINT)"), as: "done")
            .column(SQLQueryString("CAST(SUM(CASE WHEN status <> 'done' AND deadline < \(bind: today.description) THEN 1 ELSE 0 END) AS BIGINT)"), as: "overdue")
            .from(CampaignTask.schema)
            .where(SQLColumn("campaign_id"), .in, SQLBind.group(campaigns))
            .where(SQLGroupExpression(SQLBinaryExpression(scope.predicate("path"), .or, SQLBinaryExpression(SQLColumn("path"), .in, SQLBind.group(Array(around))))))
            .groupBy("campaign_id")
            .all(decoding: TaskCounts.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.campaign_id, $0) })
    }
}
