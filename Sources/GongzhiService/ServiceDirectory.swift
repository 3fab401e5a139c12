import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// What other modules may read and ask of reporting in and service: plain values, never its models or tables.
public enum ServiceDirectory {
    /// A unit's service in a year: resources it delivered into projects agreed that year, projects on its resources
    /// completed that year, and its claims confirmed that year.
    public struct UnitYear: Sendable, Equatable {
        public var resourcesDelivered = 0, projectsCompleted = 0, claimsConfirmed = 0
        public init() {}
    }

    public static func unitYears(organizationIDs: [Int], year: Int, on db: any Database) async throws -> [Int: UnitYear] {
        guard !organizationIDs.isEmpty else { return [:] }
        let (first, last) = ("\(year)-01-01", "\(year)-12-31")
        var result: [Int: UnitYear] = [:]
        let resources = try await ServiceResource.query(on: db).filter(\.$organizationID ~~ organizationIDs).all()
        let owner = Dictionary(uniqueKeysWithValues: resources.compactMap { r in r.id.flatMap { id in r.organizationID.map { (id, $0) } } })
        if !owner.isEmpty {
            for p in try await ServiceProject.query(on: db).filter(\.$resourceID ~~ Array(owner.keys)).all() {
                guard let unit = owner[p.resourceID] else { continue }
                if p.agreedOn >= first && p.agreedOn <= last { result[unit, default: .init()].resourcesDelivered += 1 }
                if let done = p.completedOn, done >= first && done <= last { result[unit, default: .init()].projectsCompleted += 1 }
            }
        }
        let start = BeijingTime.midnight(CivilDate(year: year, month: 1, day: 1)!), end = BeijingTime.midnight(CivilDate(year: year + 1, month: 1, day: 1)!)
        for c in try await ServiceClaim.query(on: db).filter(\.$organizationID ~~ organizationIDs).filter(\.$status == .confirmed).all() {
            guard let unit = c.organizationID, let at = c.decidedAt, at >= start && at < end else { continue }
            result[unit, default: .init()].claimsConfirmed += 1
        }
        return result
    }

    /// A joint meeting's resolution placed in the needs list of a community, so that it is matched and carried as a
    /// project like any other need; returns the need's id.
    public static func placeCommunityNeed(title: String, detail: String, at path: String, author: Author, on db: any Database) async throws -> Int {
        try await ServiceDesk.placeNeed(.init(kind: NeedKind.need.rawValue, title: title, detail: detail), at: path, householdID: nil, author: author, on: db).requireID()
    }

    /// The open needs under a place: how many, and the titles of the latest.
    public static func openNeeds(under path: String, latest: Int, on db: any Database) async throws -> (count: Int, titles: [String]) {
        let query = ServiceNeed.query(on: db).within(PlaceScope(paths: [path]), \.$path).filter(\.$status == .open)
        return (try await query.count(), try await query.sort(\.$placedAt, .descending).limit(latest).all().map(\.title))
    }

    /// A unit's projects (completed or under way) and its resources still waiting for a need.
    public struct UnitWork: Sendable {
        public struct Project: Sendable { public let title: String, result: String, completedOn: String? }
        public let projects: [Project]
        public let idleResources: [String]
    }

    public static func unitWork(organizationID: Int, on db: any Database) async throws -> UnitWork {
        let resources = try await ServiceResource.query(on: db).filter(\.$organizationID == organizationID).all()
        let ids = resources.compactMap(\.id)
        let projects = ids.isEmpty ? [] : try await ServiceProject.query(on: db).filter(\.$resourceID ~~ ids).sort(\.$agreedOn).all()
        return UnitWork(projects: projects.map { .init(title: $0.title, result: $0.result, completedOn: $0.completedOn) },
                        idleResources: resources.filter { $0.status == .idle }.map(\.title))
    }

    /// The address of a need's page, for a link from another module.
    public static func needLink(_ id: Int) -> String { ServicePaths.need(id) }
}
