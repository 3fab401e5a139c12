import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// A campaign's frame: the campaign with its stages, its leading groups, and the 两员 appointed to it.
enum CensusDesk {
    struct CampaignInput: Sendable {
        var kind = "", name = "", standardTime = "", areaTarget = "80", samplePerMille = "100"
        /// Each stage's first and last day, by stage.
        var stages: [CensusStage: (String, String)] = [:]
    }

    /// A new campaign over the subdistrict of the creator's census-office role; its creator is its first office member.
    static func create(_ input: CampaignInput, office: CurrentUser, author: Author, on db: any Database) async throws -> CensusCampaign {
        var problems: [FieldProblem] = []
        let kind = CensusKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择登记类别")) }
        let name = TextRule.title("名称").check(input.name, field: "name", into: &problems)
        let standard = DateRule("标准时点").check(input.standardTime, field: "standardTime", into: &problems)
        var target = 80, share = 100
        do { target = try Bounded.int(input.areaTarget, in: 20...300, label: "每个普查小区户数") } catch { problems.append(error.field("areaTarget")) }
        do { share = try Bounded.int(input.samplePerMille, in: 0...1000, label: "长表抽样比例（‰）") } catch { problems.append(error.field("samplePerMille")) }
        var stages: [(CensusStage, CivilDate, CivilDate)] = []
        for stage in CensusStage.allCases {
            let (from, to) = input.stages[stage] ?? ("", "")
            let first = DateRule("\(stage.label)开始日期").check(from, field: "\(stage.rawValue)From", into: &problems)
            let last = DateRule("\(stage.label)结束日期").notBefore(first, "开始日期").check(to, field: "\(stage.rawValue)To", into: &problems)
            if let first, let last { stages.append((stage, first, last)) }
        }
        guard let grant = office.grants.first(where: { $0.role == .censusOffice }) else { throw AppError.forbidden }
        guard problems.isEmpty, let kind, let name, let standard else { throw AppError.invalid(problems) }
        let (size, sample, planned) = (target, share, stages)
        return try await db.transaction { db in
            let c = CensusCampaign()
            c.kind = kind; c.name = name; c.standardTime = standard.description; c.placeID = grant.placeID; c.path = grant.placePath
            c.areaTarget = size; c.samplePerMille = sample; c.sampleSeed = Int.random(in: 1...999_999); c.createdBy = author.name; c.createdAt = author.seconds
            try await c.create(on: db)
            for (stage, first, last) in planned {
                let s = CensusStageRecord()
                s.campaignID = try c.requireID(); s.stage = stage; s.startsOn = first.description; s.endsOn = last.description
                try await s.create(on: db)
            }
            try await member(campaign: c, userID: author.userID, name: author.name, kind: .office, author: author, on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
            return c
        }
    }

    @discardableResult
    static func member(campaign: CensusCampaign, userID: Int?, name: String, kind: CensusRoleKind, instructorID: Int? = nil,
                       author: Author, on db: any Database) async throws -> CensusMember {
        let m = CensusMember()
        m.campaignID = try campaign.requireID(); m.userID = userID; m.kind = kind; m.name = name; m.instructorID = instructorID
        m.appointedBy = author.name; m.appointedAt = author.seconds
        try await m.create(on: db)
        // The census role itself, at the campaign's place, unless the account holds it already.
        let role = CensusSeat.role(of: kind)
        if let userID, try await UserRole.query(on: db).filter(\.$user.$id == userID).filter(\.$role == role).count() == 0 {
            try await UserRole(userID: userID, role: role, placeID: campaign.placeID, placePath: campaign.path).create(on: db)
        }
        return m
    }

    /// Appoints the holder of `username` as an instructor or enumerator (or another office member). An administrator
    /// holds no census role (三员分立); a person is appointed once per campaign.
    static func appoint(username: String, name person: String, kind: String, instructor: String, seat: CensusSeat, author: Author, on db: any Database) async throws -> CensusMember {
        var problems: [FieldProblem] = []
        let kind = CensusRoleKind(rawValue: kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择普查员或普查指导员")) }
        let name = username.trimmedSpaces
        // Who: an account, or a recruit without one — an enumerator by name, given a sign-in by a one-time code afterwards.
        let appointee: (userID: Int?, name: String)?
        if name.isEmpty && !person.trimmedSpaces.isEmpty {
            guard kind == .enumerator else { throw AppError.invalid([FieldProblem("username", "按姓名选派的只能是普查员；指导员和普查办请填写账号")]) }
            appointee = TextRule.personName().check(person, field: "name", into: &problems).map { (nil, $0) }
        } else {
            let user = name.isEmpty ? nil : try await User.query(on: db).filter(\.$username == name).with(\.$roles).first()
            if user == nil { problems.append(FieldProblem("username", name.isEmpty ? "请填写账号" : "没有账号“\(name.prefix(30))”")) }
            if let user, !user.active { problems.append(FieldProblem("username", "账号“\(name)”已停用")) }
            if let user, user.roles.contains(where: { Role.administrators.contains($0.role) }) {
                problems.append(FieldProblem("username", "管理员不能担任普查人员（三员分立）"))
            }
            if let user, try await CensusMember.query(on: db).filter(\.$campaignID == seat.campaignID).filter(\.$userID == user.requireID()).count() > 0 {
                problems.append(FieldProblem("username", "“\(user.displayName)”已是本次普查的人员"))
            }
            appointee = try user.map { (try $0.requireID(), $0.displayName) }
        }
        let instructorID = kind == .enumerator ? try await chosen(instructor, .instructor, field: "instructorID", seat: seat, on: db)?.id : nil
        guard problems.isEmpty, let kind, let appointee else { throw AppError.invalid(problems) }
        return try await db.transaction { db in
            let m = try await member(campaign: seat.campaign, userID: appointee.userID, name: appointee.name, kind: kind, instructorID: instructorID, author: author, on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
            return m
        }
    }

    /// The member a form chose for a role (an area's enumerator, an enumerator's instructor): nil when none was chosen,
    /// refused when the id is not that role in this campaign.
    static func chosen(_ text: String, _ kind: CensusRoleKind, field: String, seat: CensusSeat, on db: any Database) async throws -> CensusMember? {
        guard let id = Bounded.id(text) else { return nil }
        guard let m = try await CensusMember.find(id, on: db), m.campaignID == seat.campaignID, m.kind == kind else {
            throw AppError.invalid([FieldProblem(field, "所选人员不是本次普查的\(kind.label)")])
        }
        return m
    }

    /// Ends a member's role in the campaign: their areas wait for another enumerator, and the census role goes when
    /// they hold it in no other campaign.
    static func remove(_ member: CensusMember, seat: CensusSeat, on db: any Database) async throws {
        guard member.userID != seat.member.userID else { throw AppError.badRequest("不能移除自己") }
        try await db.transaction { db in
            let id = try member.requireID()
            try await CensusArea.query(on: db).filter(\.$enumeratorID == id).set(\.$enumeratorID, to: nil).update()
            try await CensusMember.query(on: db).filter(\.$instructorID == id).set(\.$instructorID, to: nil).update()
            try await member.delete(on: db)
            // A recruit's own sign-in stops with the role it was made for.
            if member.userID == nil { try await SignUpCodes.release(Person(kind: .enumerator, id: id), on: db) }
            if let userID = member.userID, try await CensusMember.query(on: db).filter(\.$userID == userID).filter(\.$kind == member.kind).count() == 0 {
                try await UserRole.query(on: db).filter(\.$user.$id == userID).filter(\.$role == CensusSeat.role(of: member.kind)).delete()
            }
            try await DataRevision.bump(CensusModule.name, on: db)
        }
    }

    /// A leading-group member: an account working at the subdistrict or the community named.
    static func addLeader(placeID: String, userID: String, duty: String, seat: CensusSeat, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let place = try await Bounded.id(placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if place == nil || ![.subdistrict, .community].contains(place!.kind) || !place!.path.hasPrefix(seat.campaign.path) {
            problems.append(FieldProblem("placeID", "请选择街道或本街道的社区"))
        }
        let duty = TextRule("职务", max: 20, required: true).check(duty, field: "duty", into: &problems)
        let staff = try await Bounded.id(userID).asyncMap { try await Staff.members(ids: [$0], on: db).first } ?? nil
        if staff == nil { problems.append(FieldProblem("userID", "请选择领导小组成员")) }
        if let staff, let place, !staff.reaches(place.path) { problems.append(FieldProblem("userID", "\(staff.name)不在\(place.name)工作")) }
        guard problems.isEmpty, let place, let staff, let duty else { throw AppError.invalid(problems) }
        let l = CensusLeader()
        l.campaignID = seat.campaignID; l.placeID = place.id; l.path = place.path; l.userID = staff.id; l.name = staff.name; l.duty = duty
        try await l.create(on: db)
        try await DataRevision.bump(CensusModule.name, on: db)
    }

    /// Closes a stage: after that, no visit changes in it.
    static func closeStage(_ stage: String, seat: CensusSeat, author: Author, on db: any Database) async throws {
        guard let kind = CensusStage(rawValue: stage),
              let record = try await CensusStageRecord.query(on: db).filter(\.$campaignID == seat.campaignID).filter(\.$stage == kind).first()
        else { throw AppError.badRequest("没有该阶段") }
        guard record.closedAt == nil else { throw AppError.badRequest("\(kind.label)阶段已结束") }
        record.closedAt = author.seconds
        try await record.update(on: db)
        try await DataRevision.bump(CensusModule.name, on: db)
    }
}
