import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

extension ServiceDesk {
    // MARK: Posts, dedication days and volunteer activities

    struct ActivityInput: Sendable {
        var kind: String, title: String, detail: String, venue: String, day: String, start: String, end: String, capacity: String
    }

    /// A community's activity: the organiser (a worker of the community) checks members in once it has started.
    static func openActivity(_ input: ActivityInput, community: RegistryDirectory.PlaceEntry, author: Author, on db: any Database) async throws -> ServiceActivity {
        var problems: [FieldProblem] = []
        let kind = ActivityKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择活动类型")) }
        let title = TextRule.title("活动名称").check(input.title, field: "title", into: &problems)
        let detail = TextRule.note("活动内容", max: 1000).check(input.detail, field: "detail", into: &problems)
        let venue = TextRule.address("活动地点").check(input.venue, field: "venue", into: &problems)
        let day = CivilDate(typed: input.day)
        if day == nil { problems.append(FieldProblem("day", "请填写活动日期，如2026-12-05")) }
        let start = clock(input.start), end = clock(input.end)
        if start == nil { problems.append(FieldProblem("start", "开始时间应为如09:00的时刻")) }
        if end == nil { problems.append(FieldProblem("end", "结束时间应为如11:30的时刻")) }
        if let start, let end, end <= start { problems.append(FieldProblem("end", "结束时间应晚于开始时间")) }
        var capacity = 0
        do { capacity = try Bounded.int(input.capacity.isEmpty ? "0" : input.capacity, in: 0...10_000, label: "人数上限（0为不限）") }
        catch { problems.append(error.field("capacity")) }
        guard problems.isEmpty, let kind, let title, let detail, let venue, let day, let start, let end else { throw AppError.invalid(problems) }
        let midnight = BeijingTime.midnight(day)
        let activity = ServiceActivity()
        activity.kind = kind; activity.communityID = community.id; activity.path = community.path
        activity.title = title; activity.detail = detail; activity.venue = venue
        activity.startsAt = midnight + start; activity.endsAt = midnight + end; activity.capacity = capacity; activity.organiser = author.name
        try await activity.create(on: db, movingRevision: changed)
        return activity
    }

    /// Seconds after midnight of a time of day typed `9:00` or `09:00`.
    static func clock(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m), parts[1].count == 2 else { return nil }
        return h * 3_600 + m * 60
    }

    /// A member confirmed in the activity's community signs up before it ends, while places are left.
    static func signUp(_ activity: ServiceActivity, member: RegistryDirectory.PartyMemberEntry, author: Author, on db: any Database) async throws {
        guard try await confirmedCommunity(of: .member(member), on: db) == activity.communityID else {
            throw AppError.conflict("只能报名您已报到社区的活动；报到经社区确认后即可报名")
        }
        guard author.seconds < activity.endsAt else { throw AppError.conflict("“\(activity.title)”已经结束，不能报名") }
        let activityID = try activity.requireID()
        let taken = try await ActivitySignUp.query(on: db).filter(\.$activityID == activityID).all()
        guard !taken.contains(where: { $0.memberID == member.id }) else { throw AppError.conflict("您已报名“\(activity.title)”") }
        guard activity.capacity == 0 || taken.count < activity.capacity else { throw AppError.conflict("“\(activity.title)”报名人数已满") }
        let signUp = ActivitySignUp()
        signUp.activityID = activityID; signUp.memberID = member.id; signUp.name = member.name; signUp.path = activity.path
        signUp.signedUpAt = author.seconds; signUp.minutes = 0
        try await signUp.create(on: db, movingRevision: changed)
    }

    /// The organiser checks a member in, in person, once the activity has started: the minutes served become hours.
    static func checkIn(_ activity: ServiceActivity, signUp: ActivitySignUp, hours: String, author: Author, on db: any Database) async throws {
        guard author.seconds >= activity.startsAt else {
            throw AppError.conflict("“\(activity.title)”\(BeijingTime.format(seconds: activity.startsAt))开始，开始后才能签到")
        }
        guard signUp.checkedInAt == nil else { throw AppError.conflict("\(signUp.name)已签到，时长已计入") }
        var problems: [FieldProblem] = []
        let typed = hours.isEmpty ? String(Double(activity.endsAt - activity.startsAt) / 3_600) : hours
        let minutes = minutes(typed, field: "hours", into: &problems)
        guard problems.isEmpty, let minutes else { throw AppError.invalid(problems) }
        signUp.checkedInAt = author.seconds; signUp.checkedInBy = author.name; signUp.minutes = minutes
        try await db.transaction { db in
            try await signUp.update(on: db)
            try await addHours(member: signUp.memberID, source: "activity:\(activity.requireID())", minutes: minutes,
                               servedOn: BeijingTime.day(of: Date(timeIntervalSince1970: Double(activity.startsAt))),
                               communityID: activity.communityID, path: activity.path, what: "\(activity.kind.label)：\(activity.title)",
                               author: author, on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    // MARK: Resources and projects

    struct ResourceInput: Sendable { var kind: String; var title: String; var detail: String; var availability: String }

    /// A member or unit offers a resource in the community where they are confirmed (a worker records it for a
    /// unit of their community).
    static func offer(_ input: ResourceInput, by server: Server, communityID: Int, author: Author, on db: any Database) async throws -> ServiceResource {
        var problems: [FieldProblem] = []
        let kind = ResourceKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择资源类型：\(ResourceKind.labels)")) }
        let title = TextRule.title("资源名称").check(input.title, field: "title", into: &problems)
        let detail = TextRule.note("资源说明", max: 500).check(input.detail, field: "detail", into: &problems)
        let availability = TextRule.title("可用时间", required: true).check(input.availability, field: "availability", into: &problems)
        guard let community = try await RegistryDirectory.places(ids: [communityID], on: db).first else { throw AppError.forbidden }
        guard problems.isEmpty, let kind, let title, let detail, let availability else { throw AppError.invalid(problems) }
        let resource = ServiceResource()
        resource.kind = kind; resource.memberID = server.memberID; resource.organizationID = server.organizationID
        resource.provider = server.name; resource.communityID = communityID; resource.path = community.path
        resource.title = title; resource.detail = detail; resource.availability = availability; resource.status = .idle
        resource.offeredBy = author.name; resource.offeredAt = author.seconds
        try await resource.create(on: db, movingRevision: changed)
        return resource
    }

    struct MatchInput: Sendable { var title: String; var agreement: String; var agreedOn: String; var endsOn: String = ""; var milestones: String }

    /// A worker matches an open need with an idle resource of the same community: a project with its agreement and
    /// milestones (one a line, `2026-12-20 场地平整`).
    static func match(_ need: ServiceNeed, _ resource: ServiceResource, _ input: MatchInput, author: Author, on db: any Database) async throws -> ServiceProject {
        var problems: [FieldProblem] = []
        if need.status != .open { problems.append(.conflict("needID", "“\(need.title)”\(need.status.label)，不能再对接")) }
        if resource.status != .idle { problems.append(.conflict("resourceID", "“\(resource.title)”\(resource.status.label)，不能再对接")) }
        if need.communityID != resource.communityID { problems.append(FieldProblem("resourceID", "需求与资源须在同一社区")) }
        let title = TextRule.title("项目名称").check(input.title, field: "title", into: &problems)
        let agreement = TextRule.note("协议内容", max: 2000, required: true).check(input.agreement, field: "agreement", into: &problems)
        let agreedOn = CivilDate(typed: input.agreedOn)
        if agreedOn == nil { problems.append(FieldProblem("agreedOn", "请填写协议签订日期，如2026-12-05")) }
        var endsOn: CivilDate?
        if !input.endsOn.trimmingCharacters(in: .whitespaces).isEmpty {
            endsOn = CivilDate(typed: input.endsOn)
            if endsOn == nil { problems.append(FieldProblem("endsOn", "协议到期日期应为如2027-12-31的日期，没有期限的请留空")) }
            else if let agreedOn, endsOn! < agreedOn { problems.append(FieldProblem("endsOn", "协议到期日期（\(endsOn!)）早于签订日期（\(agreedOn)）")) }
        }
        var milestones: [(CivilDate, String)] = []
        for (n, line) in input.milestones.split(whereSeparator: \.isNewline).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let day = CivilDate(typed: String(parts[0])), let text = try? TextRule.title("节点").value(String(parts[1])) else {
                problems.append(FieldProblem("milestones", "第\(n + 1)行应为“日期 节点”，如“2026-12-20 场地平整”")); break
            }
            if let agreedOn, day < agreedOn { problems.append(FieldProblem("milestones", "第\(n + 1)行的日期早于协议签订日期")); break }
            milestones.append((day, text))
        }
        if milestones.count > 20 { problems.append(FieldProblem("milestones", "节点最多20个")) }
        guard problems.isEmpty, let title, let agreement, let agreedOn else { throw AppError.invalid(problems) }
        let steps = milestones
        let project = ServiceProject()
        project.needID = try need.requireID(); project.resourceID = try resource.requireID()
        project.communityID = need.communityID; project.path = need.path; project.title = title; project.agreement = agreement
        project.agreedOn = agreedOn.description; project.endsOn = endsOn?.description; project.status = .underway; project.result = ""; project.matchedBy = author.name
        need.status = .claimed; resource.status = .matched
        try await db.transaction { db in
            try await project.create(on: db)
            try await need.update(on: db)
            try await resource.update(on: db)
            for (day, text) in steps {
                let m = ProjectMilestone()
                m.projectID = try project.requireID(); m.title = text; m.dueOn = day.description
                try await m.create(on: db)
            }
            try await DataRevision.bump(changed, on: db)
        }
        return project
    }

    /// A milestone done on a day, or the project's result: the need it met is then done.
    static func progress(_ project: ServiceProject, milestoneID: Int?, result: String, on day: String, author: Author, on db: any Database) async throws {
        guard project.status == .underway else { throw AppError.conflict("项目已完成") }
        var problems: [FieldProblem] = []
        guard let done = CivilDate(typed: day) else { throw AppError.invalid("day", "请填写日期，如2026-12-05") }
        if let agreed = CivilDate(typed: project.agreedOn), done < agreed { problems.append(FieldProblem("day", "日期早于协议签订日期")) }
        if done > author.today { problems.append(FieldProblem("day", "日期不能晚于今天")) }
        if let milestoneID {
            guard let m = try await ProjectMilestone.find(milestoneID, on: db), m.projectID == project.id else { throw AppError.invalid("milestoneID", "请选择本项目的节点") }
            guard problems.isEmpty else { throw AppError.invalid(problems) }
            m.doneOn = done.description
            try await db.transaction { db in try await m.update(on: db); try await DataRevision.bump(changed, on: db) }
            return
        }
        let result = TextRule.note("项目成果", max: 1000, required: true).check(result, field: "result", into: &problems)
        guard problems.isEmpty, let result else { throw AppError.invalid(problems) }
        project.status = .completed; project.result = result; project.completedOn = done.description
        let need = try await ServiceNeed.find(project.needID, on: db)
        need?.status = .done
        try await db.transaction { db in
            try await project.update(on: db)
            try await need?.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    // MARK: The quarter's remark

    static func remark(member: RegistryDirectory.PartyMemberEntry, quarter: Quarter, text: String, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        guard let text = TextRule.note("社区评价", max: 300).check(text, field: "remark", into: &problems) else { throw AppError.invalid(problems) }
        let existing = try await ServiceRemark.query(on: db).filter(\.$memberID == member.id).filter(\.$quarter == quarter.description).first()
        let remark = existing ?? ServiceRemark()
        remark.memberID = member.id; remark.quarter = quarter.description; remark.path = member.path
        remark.remark = text; remark.writtenBy = author.name; remark.writtenAt = author.seconds
        try await db.transaction { db in
            try await remark.save(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }
}
