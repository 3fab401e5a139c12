import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Every write of reporting in, the lists, claims, activities and hours, checked: each refuses with a message that
/// names the reason and writes all or nothing. The office pages, the phone pages, the API and the demo all come here.
enum ServiceDesk {
    /// Who serves: an in-service member, or a unit through its party organisation.
    enum Server: Sendable {
        case member(RegistryDirectory.PartyMemberEntry)
        case unit(RegistryDirectory.OrganizationEntry)
        var name: String { switch self { case .member(let m): m.name; case .unit(let u): u.name } }
        var memberID: Int? { if case .member(let m) = self { m.id } else { nil } }
        var organizationID: Int? { if case .unit(let u) = self { u.id } else { nil } }
        var path: String { switch self { case .member(let m): m.path; case .unit(let u): u.path } }
        var kind: ReporterKind { if case .member = self { .member } else { .unit } }

        /// The signed-in party member or unit contact, as the registry has them now.
        static func signedIn(_ req: Request) async throws -> Server {
            guard let person = try req.currentUser.person else { throw AppError.forbidden }
            switch person.kind {
            case .partyMember:
                guard let m = try await RegistryDirectory.partyMembers(ids: [person.id], on: req.db).first else { throw AppError.forbidden }
                return .member(m)
            case .unit:
                guard let u = try await RegistryDirectory.organizations(ids: [person.id], on: req.db).first else { throw AppError.forbidden }
                return .unit(u)
            case .resident, .household, .groupLeader, .enumerator: throw AppError.forbidden
            }
        }
    }

    static let changed = ServiceModule.name

    // MARK: Reporting in

    struct Report: Sendable { var workplaceID: String; var intentions: String }

    /// A member reports to the community where they live (a unit to the community where it is). Only in-service
    /// members report; a second report is refused while the first stands.
    static func reportIn(_ server: Server, _ input: Report, author: Author, on db: any Database) async throws -> ReportIn {
        var problems: [FieldProblem] = []
        if case .member(let m) = server, m.category != .inService {
            problems.append(FieldProblem("memberID", "\(m.name)是\(m.category.label)；到居住地社区报到的是在职党员"))
        }
        let intentions = TextRule.note("服务意向", max: 500, required: true).check(input.intentions, field: "intentions", into: &problems)
        var workplace: Workplace?
        if server.kind == .member {
            workplace = try await Bounded.id(input.workplaceID).asyncMap { try await Workplace.find($0, on: db) } ?? nil
            if workplace == nil { problems.append(FieldProblem("workplaceID", "请从单位名录中选择工作单位；名录中没有的，请社区先添加")) }
        }
        guard let community = try await RegistryDirectory.community(of: server.path, on: db) else {
            throw AppError.conflict("\(server.name)登记的住址不在任何社区，无法报到；请社区先核对登记信息")
        }
        if let standing = try await standingReport(of: server, on: db) {
            problems.append(.conflict("memberID", "\(server.name)已于\(BeijingTime.format(seconds: standing.reportedAt))报到（\(standing.status.label)），不能重复报到"))
        }
        guard problems.isEmpty, let intentions else { throw AppError.invalid(problems) }
        let report = ReportIn()
        report.kind = server.kind; report.memberID = server.memberID; report.organizationID = server.organizationID
        report.name = server.name; report.communityID = community.id; report.path = server.path
        report.workplaceID = try workplace?.requireID(); report.intentions = intentions
        report.status = .submitted; report.reason = ""; report.reportedBy = author.name; report.reportedAt = author.seconds
        try await db.transaction { db in
            try await report.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return report
    }

    /// A member's or unit's latest report. A report is made only while none stands, so the latest is the one that
    /// stands unless it was returned.
    static func latestReport(of server: Server, on db: any Database) async throws -> ReportIn? {
        let query = ReportIn.query(on: db).sort(\.$id, .descending)
        switch server {
        case .member(let m): query.filter(\.$memberID == m.id)
        case .unit(let u): query.filter(\.$organizationID == u.id)
        }
        return try await query.first()
    }

    /// The report that stands for a member or unit: submitted or confirmed.
    static func standingReport(of server: Server, on db: any Database) async throws -> ReportIn? {
        try await latestReport(of: server, on: db).flatMap { $0.status == .returned ? nil : $0 }
    }

    /// The community confirms a report, or returns it with a reason (the member may then report again).
    static func decide(_ report: ReportIn, confirm: Bool, reason: String, author: Author, on db: any Database) async throws {
        guard report.status == .submitted else { throw AppError.conflict("\(report.name)的报到已\(report.status.label)，不能再次处理") }
        var problems: [FieldProblem] = []
        let reason = TextRule.note("退回原因", max: 200, required: !confirm).check(reason, field: "reason", into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        report.status = confirm ? .confirmed : .returned
        report.reason = confirm ? "" : reason ?? ""
        report.decidedBy = author.name; report.decidedAt = author.seconds
        try await db.transaction { db in
            try await report.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    /// The community a member or unit has been confirmed in; nil while no report is confirmed.
    static func confirmedCommunity(of server: Server, on db: any Database) async throws -> Int? {
        guard let report = try await standingReport(of: server, on: db), report.status == .confirmed else { return nil }
        return report.communityID
    }

    // MARK: Workplaces

    struct WorkplaceInput: Sendable { var name: String; var partyOrganization: String; var contact: String; var address: String }

    static func addWorkplace(_ input: WorkplaceInput, on db: any Database) async throws -> Workplace {
        var problems: [FieldProblem] = []
        let name = TextRule.title("单位名称").check(input.name, field: "name", into: &problems)
        let party = TextRule.title("单位党组织", required: true).check(input.partyOrganization, field: "partyOrganization", into: &problems)
        let contact = TextRule.title("联系人及电话", required: false).check(input.contact, field: "contact", into: &problems)
        let address = TextRule.address().check(input.address, field: "address", into: &problems)
        if let name, try await Workplace.query(on: db).filter(\.$name == name).count() > 0 {
            problems.append(.conflict("name", "单位名录中已有“\(name)”，请直接选用"))
        }
        guard problems.isEmpty, let name, let party, let contact, let address else { throw AppError.invalid(problems) }
        let workplace = Workplace()
        workplace.name = name; workplace.partyOrganization = party; workplace.contact = contact; workplace.address = address
        try await workplace.create(on: db, movingRevision: changed)
        return workplace
    }

    // MARK: Needs and claims

    struct NeedInput: Sendable { var kind: String; var title: String; var detail: String }

    /// A need or small wish, for a household (placed by a resident of it) or a place of a community (by a worker).
    static func placeNeed(_ input: NeedInput, at path: String, householdID: Int?, author: Author, on db: any Database) async throws -> ServiceNeed {
        var problems: [FieldProblem] = []
        let kind = NeedKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择需求或微心愿")) }
        let title = TextRule.title("需求内容").check(input.title, field: "title", into: &problems)
        let detail = TextRule.note("具体说明", max: 500).check(input.detail, field: "detail", into: &problems)
        guard let community = try await RegistryDirectory.community(of: path, on: db) else {
            throw AppError.invalid("placeID", "请选择社区或社区内的地点")
        }
        guard problems.isEmpty, let kind, let title, let detail else { throw AppError.invalid(problems) }
        let need = ServiceNeed()
        need.kind = kind; need.communityID = community.id; need.path = path; need.householdID = householdID
        need.title = title; need.detail = detail; need.status = .open; need.placedBy = author.name; need.placedAt = author.seconds
        try await need.create(on: db, movingRevision: changed)
        return need
    }

    /// 党员接单: a member or unit confirmed in the need's community claims it while it is open. A member does not
    /// claim their own household's need.
    static func claim(_ need: ServiceNeed, by server: Server, author: Author, on db: any Database) async throws -> ServiceClaim {
        guard let community = try await confirmedCommunity(of: server, on: db) else {
            throw AppError.conflict("您的报到尚未经社区确认，确认后才能认领需求")
        }
        guard community == need.communityID else { throw AppError.conflict("只能认领您报到社区的需求") }
        guard need.status == .open else { throw AppError.conflict("“\(need.title)”\(need.status.label)，不能认领") }
        if case .member(let m) = server, let resident = m.residentID, let household = need.householdID,
           try await RegistryDirectory.householdID(ofResident: resident, on: db) == household {
            throw AppError.conflict("这是您自己家的需求，请由其他党员或单位认领")
        }
        let claim = ServiceClaim()
        claim.needID = try need.requireID(); claim.memberID = server.memberID; claim.organizationID = server.organizationID
        claim.claimant = server.name; claim.communityID = need.communityID; claim.path = need.path
        claim.status = .claimed; claim.claimedAt = author.seconds; claim.minutes = 0; claim.note = ""; claim.reason = ""
        try await db.transaction { db in
            need.status = .claimed
            try await need.update(on: db)
            try await claim.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return claim
    }

    /// The most minutes one claim or one check-in may add: a day.
    static let maxMinutes = 24 * 60

    /// The claimant says the service is done and how long it took; the need waits for the resident's confirmation.
    static func deliver(_ claim: ServiceClaim, hours: String, note: String, author: Author, on db: any Database) async throws {
        guard claim.status == .claimed else { throw AppError.conflict("该认领\(claim.status.label)，不能再次提交") }
        var problems: [FieldProblem] = []
        let minutes = minutes(hours, field: "hours", into: &problems)
        let note = TextRule.note("服务情况", max: 500, required: true).check(note, field: "note", into: &problems)
        guard problems.isEmpty, let minutes, let note else { throw AppError.invalid(problems) }
        guard let need = try await ServiceNeed.find(claim.needID, on: db) else { throw AppError.forbidden }
        claim.status = .delivered; claim.deliveredAt = author.seconds; claim.minutes = minutes; claim.note = note
        need.status = .delivered
        try await db.transaction { db in
            try await claim.update(on: db)
            try await need.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    /// Service hours as typed (`2`, `1.5`) into minutes: more than none, at most a day.
    static func minutes(_ raw: String, field: String, into problems: inout [FieldProblem]) -> Int? {
        do {
            let hours = try Bounded.decimal(raw, in: 0...24, places: 1, label: "服务时长（小时）")
            guard hours > 0 else { problems.append(FieldProblem(field, "服务时长应大于0小时")); return nil }
            return Int((hours * 60).rounded())
        } catch { problems.append(error.field(field)); return nil }
    }

    /// The resident (or a worker on their behalf) confirms a delivered claim: the need is done and the member's hours
    /// are written, once. Nobody confirms their own claim.
    static func confirm(_ claim: ServiceClaim, author: Author, on db: any Database) async throws {
        guard claim.status == .delivered else { throw AppError.conflict("该认领\(claim.status.label)，无需确认") }
        if let person = author.person {
            let own = try await isOwn(claim, person: person, on: db)
            if own { throw AppError.conflict("不能确认自己认领的服务，请由需求人或社区确认") }
        }
        guard let need = try await ServiceNeed.find(claim.needID, on: db) else { throw AppError.forbidden }
        claim.status = .confirmed; claim.decidedBy = author.name; claim.decidedAt = author.seconds
        need.status = .done
        try await db.transaction { db in
            try await claim.update(on: db)
            try await need.update(on: db)
            if let member = claim.memberID {
                try await addHours(member: member, source: "claim:\(try claim.requireID())", minutes: claim.minutes,
                                   servedOn: BeijingTime.day(of: Date(timeIntervalSince1970: Double(claim.deliveredAt ?? author.seconds))),
                                   communityID: claim.communityID, path: claim.path, what: "\(need.kind.label)：\(need.title)", author: author, on: db)
            }
            try await DataRevision.bump(changed, on: db)
        }
    }

    /// Whether the person confirming is the one who claimed: the member themselves, under any of their accounts.
    static func isOwn(_ claim: ServiceClaim, person: Person, on db: any Database) async throws -> Bool {
        switch person.kind {
        case .partyMember: return claim.memberID == person.id
        case .unit: return claim.organizationID == person.id
        case .resident:
            guard let member = claim.memberID else { return false }
            return try await RegistryDirectory.partyMembers(ids: [member], on: db).first?.residentID == person.id
        case .household, .groupLeader, .enumerator: return false
        }
    }

    /// The resident says the service was not done: the claim is closed without hours and the need is open again.
    static func returnClaim(_ claim: ServiceClaim, reason: String, author: Author, on db: any Database) async throws {
        guard claim.status == .delivered else { throw AppError.conflict("该认领\(claim.status.label)，不能退回") }
        var problems: [FieldProblem] = []
        let reason = TextRule.note("未完成的原因", max: 200, required: true).check(reason, field: "reason", into: &problems)
        guard problems.isEmpty, let reason else { throw AppError.invalid(problems) }
        try await reopen(claim, as: .returned, reason: reason, author: author, on: db)
    }

    /// The claimant gives a claim up before delivering it: the need is open again.
    static func cancel(_ claim: ServiceClaim, author: Author, on db: any Database) async throws {
        guard claim.status == .claimed else { throw AppError.conflict("该认领\(claim.status.label)，不能放弃") }
        try await reopen(claim, as: .cancelled, reason: "", author: author, on: db)
    }

    static func reopen(_ claim: ServiceClaim, as status: ClaimStatus, reason: String, author: Author, on db: any Database) async throws {
        guard let need = try await ServiceNeed.find(claim.needID, on: db) else { throw AppError.forbidden }
        claim.status = status; claim.reason = reason; claim.decidedBy = author.name; claim.decidedAt = author.seconds
        need.status = .open
        try await db.transaction { db in
            try await claim.update(on: db)
            try await need.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    /// Confirmed hours, once per member and source: a second confirmation of the same service is refused by the
    /// database's unique index as well as here.
    static func addHours(member: Int, source: String, minutes: Int, servedOn: CivilDate, communityID: Int, path: String, what: String,
                         author: Author, on db: any Database) async throws {
        guard try await ServiceHours.query(on: db).filter(\.$memberID == member).filter(\.$source == source).count() == 0 else {
            throw AppError.conflict("这次服务的时长已经计入，不能重复计入")
        }
        let hours = ServiceHours()
        hours.memberID = member; hours.source = source; hours.minutes = minutes; hours.servedOn = servedOn.description
        hours.communityID = communityID; hours.path = path; hours.what = what
        hours.confirmedBy = author.name; hours.confirmedAt = author.seconds
        try await hours.create(on: db)
    }
}
