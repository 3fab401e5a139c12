import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Who the signed-in user is in one campaign: their census role there and the areas it reaches. Every census
/// handler starts here; someone without a role in the campaign (an administrator, a subdistrict worker, an
/// enumerator of another campaign) gets the same 403 as for a campaign that does not exist.
struct CensusSeat: Sendable {
    let campaign: CensusCampaign
    let member: CensusMember
    /// The areas reached: every area for the office; an enumerator's own; an instructor's enumerators'.
    let areaIDs: Set<Int>?

    var campaignID: Int { campaign.id ?? 0 }
    var isOffice: Bool { member.kind == .office }
    func reaches(area id: Int) -> Bool { areaIDs?.contains(id) ?? true }

    /// The global role that must still be held for the campaign's role to count: revoking it ends the seat.
    static func role(of kind: CensusRoleKind) -> Role {
        switch kind { case .office: .censusOffice; case .instructor: .censusInstructor; case .enumerator: .censusEnumerator }
    }

    static func load(_ req: Request, campaignID: Int) async throws -> CensusSeat {
        let user = try req.currentUser
        guard let campaign = try await CensusCampaign.find(campaignID, on: req.db),
              let member = try await member(of: user, campaign: campaignID, on: req.db),
              user.has(role(of: member.kind))
        else { throw AppError.forbidden }
        let areaIDs: Set<Int>?
        switch member.kind {
        case .office: areaIDs = nil
        case .enumerator:
            areaIDs = Set(try await CensusArea.query(on: req.db).filter(\.$campaignID == campaignID).filter(\.$enumeratorID == member.id).all().compactMap(\.id))
        case .instructor:
            let enumerators = try await CensusMember.query(on: req.db).filter(\.$campaignID == campaignID).filter(\.$instructorID == member.id).all().compactMap(\.id)
            areaIDs = enumerators.isEmpty ? [] : Set(try await CensusArea.query(on: req.db).filter(\.$campaignID == campaignID).filter(\.$enumeratorID ~~ enumerators).all().compactMap(\.id))
        }
        return CensusSeat(campaign: campaign, member: member, areaIDs: areaIDs)
    }

    /// The areas reached, by number: the office's every area, others' few read by id.
    func areas(on db: any Database) async throws -> [CensusArea] {
        var query = CensusArea.query(on: db).filter(\.$campaignID == campaignID)
        if let ids = areaIDs { query = query.filter(\.$id ~~ Array(ids)) }
        return try await query.sort(\.$number).all()
    }

    /// The user's memberships: by their account, and for an enumerator who signed up with a code, the membership their
    /// account was made for.
    static func memberships(of user: CurrentUser, on db: any Database) async throws -> [CensusMember] {
        var members = try await CensusMember.query(on: db).filter(\.$userID == user.id).all()
        if let person = user.person, person.kind == .enumerator, let m = try await CensusMember.find(person.id, on: db), m.kind == .enumerator {
            members.append(m)
        }
        return members
    }

    static func member(of user: CurrentUser, campaign: Int, on db: any Database) async throws -> CensusMember? {
        try await memberships(of: user, on: db).first { $0.campaignID == campaign }
    }

    /// The campaign named in the path.
    static func load(_ req: Request) async throws -> CensusSeat { try await load(req, campaignID: try req.routeID()) }

    /// The office's seat, or 403 for an instructor or enumerator.
    static func office(_ req: Request, campaignID: Int? = nil) async throws -> CensusSeat {
        let seat = try await load(req, campaignID: try campaignID ?? req.routeID())
        guard seat.isOffice else { throw AppError.forbidden }
        return seat
    }

    /// The area named in the path, and the seat of its campaign if the area is within it.
    static func area(_ req: Request) async throws -> (CensusSeat, CensusArea) {
        guard let area = try await CensusArea.find(try req.routeID(), on: req.db) else { throw AppError.forbidden }
        let seat = try await load(req, campaignID: area.campaignID)
        guard seat.reaches(area: try area.requireID()) else { throw AppError.forbidden }
        return (seat, area)
    }

    /// The visit named in the path, refused (as missing) outside the user's areas.
    static func visit(_ req: Request) async throws -> (CensusSeat, CensusVisit) {
        guard let visit = try await CensusVisit.find(try req.routeID(), on: req.db) else { throw AppError.forbidden }
        let seat = try await load(req, campaignID: visit.campaignID)
        guard seat.reaches(area: visit.areaID) else { throw AppError.forbidden }
        return (seat, visit)
    }

    /// The campaigns the user holds a census role in, newest first.
    static func campaigns(of user: CurrentUser, on db: any Database) async throws -> [(CensusCampaign, CensusMember)] {
        let members = try await memberships(of: user, on: db).filter { user.has(role(of: $0.kind)) }
        let campaigns = try await CensusCampaign.query(on: db).filter(\.$id ~~ members.map(\.campaignID)).sort(\.$createdAt, .descending).sort(\.$id, .descending).all()
        return campaigns.compactMap { c in members.first { $0.campaignID == c.id }.map { (c, $0) } }
    }
}
