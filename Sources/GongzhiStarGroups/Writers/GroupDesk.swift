import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// Every write about a building group's people and records, checked, all or nothing: its 1+3+N roles, the
/// leader's self-check and the community's decision on it, appraisals, activities. Pages, the phone and the demo
/// all come here.
enum GroupDesk {
    static let changed = StarGroupsModule.name

    // MARK: 1+3+N

    struct RoleInput: Sendable {
        var kind = "", residentID = "", idNumber = "", team = ""
        /// The worker saw that the person lives outside the group's buildings and confirms.
        var confirmElsewhere = false
    }

    /// Where a problem is only a warning the worker may confirm: the person lives outside the group's buildings.
    static let elsewhereField = "confirmElsewhere"

    /// Gives a role to a resident: picked among the group's residents, or found by ID number within the worker's
    /// places (warned, and confirmed, when they live elsewhere). The leader must be a party member; a group has one.
    @discardableResult
    static func appoint(_ input: RoleInput, in group: RegistryDirectory.BuildingGroupEntry, scope: PlaceScope, vault: PersonalDataVault,
                        author: Author, on db: any Database) async throws -> GroupRole {
        var problems: [FieldProblem] = []
        let kind = GroupRoleKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择角色：\(GroupRoleKind.allCases.map(\.label).joined(separator: "、"))")) }
        var resident: RegistryDirectory.ResidentEntry?
        if let id = Bounded.id(input.residentID) {
            resident = try await RegistryDirectory.residents(ids: [id], on: db).first
            if let r = resident, !scope.contains(r.path) { resident = nil }
        } else if !input.idNumber.trimmedSpaces.isEmpty {
            switch try await RegistryDirectory.resident(idNumber: input.idNumber, within: scope, vault: vault, on: db) {
            case .found(let r): resident = r
            case .invalid(let reason): problems.append(FieldProblem("idNumber", reason))
            case .notFound: problems.append(FieldProblem("idNumber", "您管辖范围内没有登记该公民身份号码的居民"))
            }
        }
        if resident == nil && problems.allSatisfy({ $0.field != "idNumber" }) {
            problems.append(FieldProblem("residentID", "请从本楼组居民中选择，或填写其他居民的公民身份号码"))
        }
        var team: String?
        if kind == .volunteerTeam { team = TextRule.title("服务队名称").check(input.team, field: "team", into: &problems) }
        if let resident, let kind {
            if kind == .leader {
                if try await RegistryDirectory.partyMembers(residentIDs: [resident.id], on: db).isEmpty {
                    problems.append(FieldProblem("residentID", "\(resident.name)不是党员：楼组党小组长（楼组长）应由党员担任"))
                }
                if try await GroupRole.query(on: db).filter(\.$buildingGroupID == group.id).filter(\.$kind == .leader).first() != nil {
                    problems.append(.conflict("kind", "本楼组已有楼组长；请先免去现任，再任命新的"))
                }
            }
            if try await GroupRole.query(on: db).filter(\.$buildingGroupID == group.id).filter(\.$kind == kind).filter(\.$residentID == resident.id).first() != nil {
                problems.append(.conflict("residentID", "\(resident.name)已担任本楼组\(kind.label)"))
            }
        }
        let elsewhere = resident.map { !$0.path.hasPrefix(group.path) } ?? false
        if problems.isEmpty, elsewhere, !input.confirmElsewhere, let resident {
            problems.append(FieldProblem(elsewhereField, "\(resident.name)不住在本楼组的楼栋内。确需由其担任，请勾选“确认由楼组外居民担任”后再保存"))
        }
        guard problems.isEmpty, let kind, let resident else { throw AppError.invalid(problems) }
        let role = GroupRole()
        role.buildingGroupID = group.id; role.path = group.path; role.kind = kind; role.residentID = resident.id; role.name = resident.name
        role.team = team; role.livesElsewhere = elsewhere; role.appointedBy = author.name; role.appointedAt = author.seconds
        try await db.transaction { db in
            try await role.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return role
    }

    /// Ends a role: its sign-in stops with it.
    static func dismiss(_ role: GroupRole, on db: any Database) async throws {
        try await db.transaction { db in
            try await SignUpCodes.release(Person(kind: .groupLeader, id: try role.requireID()), on: db)
            try await role.delete(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    /// The roles a group lacks: its leader, each kind of manager, a volunteer team.
    static func vacancies(_ roles: [GroupRole]) -> [GroupRoleKind] {
        GroupRoleKind.allCases.filter { kind in !roles.contains { $0.kind == kind } }
    }

    // MARK: 三净三有

    struct CheckInput: Sendable {
        var checkedOn = "", inspector = "", note = ""
        var ticks: [Bool] = Array(repeating: false, count: 6)
    }

    /// Records a 三净三有 check: the community's own inspection counts at once; a leader's self-check waits for the
    /// community's confirmation. The star level comes from the rule in force, never typed.
    @discardableResult
    static func check(_ input: CheckInput, selfCheck: Bool, photo: PhotoUpload?, group: RegistryDirectory.BuildingGroupEntry,
                      author: Author, on db: any Database) async throws -> StarInspection {
        var problems: [FieldProblem] = []
        let day = DateRule(selfCheck ? "自查日期" : "评定日期").notAfter(author.today, "今天").check(input.checkedOn, field: "inspectedOn", into: &problems)
        let inspector = TextRule.personName(selfCheck ? "自查人" : "评定人").check(input.inspector, field: "inspector", into: &problems)
        let note = TextRule.note("备注", max: 200).check(input.note, field: "note", into: &problems)
        if selfCheck, photo == nil { problems.append(FieldProblem("photo", "自查请附一张现场照片，供社区确认")) }
        if selfCheck, try await StarInspection.query(on: db).filter(\.$buildingGroupID == group.id).filter(\.$status == .pending).first() != nil {
            problems.append(.conflict("inspectedOn", "上一次自查还在等社区确认，确认或退回后再提交"))
        }
        guard problems.isEmpty, let day, let inspector else { throw AppError.invalid(problems) }
        let t = input.ticks + Array(repeating: false, count: max(0, 6 - input.ticks.count))
        let inspection = StarInspection()
        inspection.buildingGroupID = group.id; inspection.path = group.path
        inspection.inspectedOn = day.description; inspection.inspector = inspector; inspection.note = note?.nonEmpty
        inspection.checklist = StarChecklist(groundClean: t[0], wallsClean: t[1], doorsWindowsClean: t[2], hasCulture: t[3], hasActivities: t[4], hasServices: t[5])
        inspection.stars = StarRule.standard.stars(inspection.checklist)
        inspection.status = selfCheck ? .pending : .confirmed
        inspection.submittedByID = selfCheck ? author.userID : nil
        try await db.transaction { db in
            try await inspection.create(on: db)
            try await photo?.store(module: changed, record: try inspection.requireID(), path: group.path, by: author.name, at: author.now, on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return inspection
    }

    /// The community confirms a self-check (it then counts, with the stars of the rule in force) or returns it with
    /// a reason. Nobody decides on their own check.
    static func decide(_ inspection: StarInspection, confirm: Bool, reason raw: String, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        if inspection.status != .pending { problems.append(.conflict("reason", "这次自查已\(inspection.status.label)")) }
        if inspection.submittedByID == author.userID { problems.append(FieldProblem("reason", "不能确认自己提交的自查")) }
        let reason = confirm ? "" : TextRule.note("退回理由", max: 300, required: true).check(raw, field: "reason", into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        inspection.status = confirm ? .confirmed : .returned
        inspection.decidedBy = author.name; inspection.decidedAt = author.seconds; inspection.returnReason = reason?.nonEmpty
        if confirm { inspection.stars = try await StarRules.current(on: db).stars(inspection.checklist) }
        try await db.transaction { db in
            try await inspection.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    // MARK: Appraisals and activities

    struct AppraisalInput: Sendable { var placeID = "", round = "", kind = ""; var noProtrusion = false, nothingHung = false, noClutter = false }

    @discardableResult
    static func appraise(_ input: AppraisalInput, group: RegistryDirectory.BuildingGroupEntry, author: Author, on db: any Database) async throws -> Appraisal {
        var problems: [FieldProblem] = []
        let kind = AppraisalKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("appraisalKind", "请选择评比项目：\(AppraisalKind.allCases.map(\.label).joined(separator: "、"))")) }
        let round = TextRule.title("评比轮次").check(input.round, field: "round", into: &problems)
        let place = try await Bounded.id(input.placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if place == nil || !place!.path.hasPrefix(group.path) { problems.append(FieldProblem("placeID", "请选择本楼组的住户（房屋）或楼栋")) }
        else if let kind, kind != .courtyard, place!.kind != .dwelling { problems.append(FieldProblem("placeID", "\(kind.label)评的是住户，请选择房屋")) }
        if let place, let round, let kind,
           try await Appraisal.query(on: db).filter(\.$placeID == place.id).filter(\.$round == round).filter(\.$kind == kind).first() != nil {
            problems.append(.conflict("placeID", "\(place.address)本轮“\(round)”已评过\(kind.label)"))
        }
        guard problems.isEmpty, let kind, let round, let place else { throw AppError.invalid(problems) }
        let appraisal = Appraisal()
        appraisal.buildingGroupID = group.id; appraisal.placeID = place.id; appraisal.path = place.path; appraisal.round = round; appraisal.kind = kind
        appraisal.noProtrusion = input.noProtrusion; appraisal.nothingHung = input.nothingHung; appraisal.noClutter = input.noClutter
        appraisal.appraisedBy = author.name; appraisal.appraisedAt = author.seconds
        try await db.transaction { db in
            try await appraisal.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return appraisal
    }

    struct ActivityInput: Sendable { var heldOn = "", title = "", participants = "" }

    @discardableResult
    static func record(_ input: ActivityInput, group: RegistryDirectory.BuildingGroupEntry, author: Author, on db: any Database) async throws -> GroupActivity {
        var problems: [FieldProblem] = []
        let day = DateRule("活动日期").notAfter(author.today, "今天").check(input.heldOn, field: "heldOn", into: &problems)
        let title = TextRule.title("活动内容").check(input.title, field: "title", into: &problems)
        var participants: Int?
        do { participants = try Bounded.int(input.participants, in: 1...2_000, label: "参加人数") } catch { problems.append(error.field("participants")) }
        guard problems.isEmpty, let day, let title, let participants else { throw AppError.invalid(problems) }
        let activity = GroupActivity()
        activity.buildingGroupID = group.id; activity.path = group.path; activity.heldOn = day.description; activity.title = title
        activity.participants = participants; activity.recordedBy = author.name; activity.recordedAt = author.seconds
        try await db.transaction { db in
            try await activity.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return activity
    }
}
