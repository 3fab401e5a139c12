import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Every write of a matter, checked: each refuses with a message that names the reason, and writes all or nothing.
/// The stage gates are `MatterFile.missing`; the desk enforces them.
enum MatterDesk {
    /// Who is writing, as the records keep it.
    typealias Author = GongzhiKit.Author

    // MARK: Opening a matter

    struct Opening: Sendable {
        /// One place (a community, compound, building or entrance) or several (some buildings of a compound).
        var title: String, summary: String, placeIDs: [String], householdCodes: String, rule: String, form: String
    }

    /// Opens a matter for the households of some places within `scope` (or a list of their codes), by a rule. The matter
    /// belongs to the lowest place holding them all, where its notices are posted.
    static func open(_ input: Opening, scope: PlaceScope, author: Author, on db: any Database) async throws -> Matter {
        var problems: [FieldProblem] = []
        let title = TextRule.title("事项名称").check(input.title, field: "title", into: &problems)
        let summary = TextRule.note("事项说明", max: 2000, required: true).check(input.summary, field: "summary", into: &problems)
        let rule = VoteRule(rawValue: input.rule)
        if rule == nil { problems.append(FieldProblem("rule", "请选择表决规则")) }
        let form = AssemblyForm(rawValue: input.form) ?? .households
        var place: RegistryDirectory.PlaceEntry?
        var within = PlaceScope(paths: [])
        var scopeName = ""
        let ids = Set(input.placeIDs.prefix(200).compactMap(Bounded.id))
        let chosen = try await RegistryDirectory.places(ids: Array(ids), on: db)
            .filter { scope.contains($0.path) && [.community, .grid, .compound, .building, .entrance].contains($0.kind) }
        if ids.isEmpty || chosen.count != ids.count {
            problems.append(FieldProblem("placeID", "请选择您管辖范围内的社区、楼院、楼栋或单元"))
        } else {
            // A place inside another chosen one adds nothing; the matter belongs to the lowest place holding the rest.
            let roots = chosen.filter { c in !chosen.contains { $0.path != c.path && c.path.hasPrefix($0.path) } }.sorted { $0.path < $1.path }
            within = PlaceScope(paths: roots.map(\.path))
            let common = roots.map { PlaceScope.ids(in: $0.path) }.reduce(PlaceScope.ids(in: roots[0].path)) { a, b in Array(zip(a, b).prefix { $0 == $1 }.map(\.0)) }
            place = roots.count == 1 ? roots[0] : try await common.last.asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
            scopeName = roots.map(\.name).joined(separator: "、")
        }
        var households: [RegistryDirectory.HouseholdEntry] = []
        if let place {
            households = try await RegistryDirectory.households(within: within, adultsOn: author.today, on: db)
            let codes = input.householdCodes.split(whereSeparator: { " ,，、;；\n\r\t".contains($0) }).map(String.init)
            if !codes.isEmpty {
                let known = Set(households.map(\.code))
                let unknown = codes.filter { !known.contains($0) }
                if !unknown.isEmpty {
                    problems.append(FieldProblem("householdCodes", "以下户编号不在\(scopeName)：\(unknown.prefix(5).joined(separator: "、"))\(unknown.count > 5 ? "等\(unknown.count)户" : "")"))
                }
                let wanted = Set(codes)
                households = households.filter { wanted.contains($0.code) }
            }
            if households.isEmpty && problems.isEmpty { problems.append(FieldProblem("placeID", "\(scopeName)没有登记住户，事项范围不能为空")) }
        }
        // Owners' matters count the exclusive parts under the place, each with its area.
        var parts: [RegistryDirectory.PartEntry] = []
        if let place, rule?.byOwners == true {
            if !input.householdCodes.trimmedSpaces.isEmpty { problems.append(FieldProblem("householdCodes", "业主共同决定以房屋为单位计算，不能按户编号选择范围")) }
            parts = try await RegistryDirectory.exclusiveParts(within: within, on: db)
            let withoutArea = parts.filter { $0.area == 0 }
            if parts.isEmpty { problems.append(FieldProblem("placeID", "\(scopeName)没有登记房屋，业主共同决定的范围不能为空")) }
            else if !withoutArea.isEmpty {
                problems.append(FieldProblem("placeID", "\(withoutArea.count)套房屋未登记专有部分面积（如\(withoutArea[0].address)），请先在地址台账中补齐"))
            }
        }
        guard problems.isEmpty, let title, let summary, let rule, let place else { throw AppError.invalid(problems) }
        let matter = Matter()
        matter.title = title; matter.summary = summary; matter.placeID = place.id; matter.path = place.path
        matter.rule = rule; matter.assemblyForm = form; matter.representatives = ""
        matter.thresholds = String(decoding: try JSONEncoder().encode(try await VoteSettingsController.current(on: db)), as: UTF8.self)
        matter.stage = .soliciting; matter.createdBy = author.userID; matter.createdAt = author.seconds
        let (scope, owned) = (households, parts)
        try await db.transaction { db in
            try await matter.create(on: db)
            let id = try matter.requireID()
            var rows = BulkInsert(MatterHousehold.schema, columns: ["matter_id", "household_id", "dwelling_id", "path"])
            for h in scope { rows.append([id, h.id, h.dwellingID, h.path]) }
            _ = try await rows.run(on: db)
            var partRows = BulkInsert(MatterPart.schema, columns: ["matter_id", "dwelling_id", "path", "address", "area", "owner", "owner_name"])
            for p in owned { partRows.append([id, p.dwellingID, p.path, p.address, p.area, p.owner, p.ownerName]) }
            if !owned.isEmpty { _ = try await partRows.run(on: db) }
            try await DataRevision.bump(DeliberationModule.name, on: db)
        }
        return matter
    }

    // MARK: 征

    struct OpinionInput: Sendable { var householdID: Int?; var stance: String; var text: String; var givenBy: String }

    /// Records a household's opinion (a newer one replaces the older, which is kept).
    static func recordOpinion(_ input: OpinionInput, file: MatterFile, channel: Channel, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        if file.matter.stage != .soliciting { throw AppError.conflict("征求意见阶段已结束（当前阶段：\(file.matter.stage.label)），不再记录意见") }
        guard let householdID = input.householdID, file.householdIDs.contains(householdID) else {
            throw AppError.invalid("householdID", "该住户不在本事项的范围内")
        }
        let stance = MatterOpinion.Stance(rawValue: input.stance)
        if stance == nil { problems.append(FieldProblem("stance", "请选择赞成、反对或有建议")) }
        let text = TextRule.note("意见内容", max: 1000, required: stance == .suggestion).check(input.text, field: "text", into: &problems)
        let givenBy = TextRule.personName("意见人").check(input.givenBy, field: "givenBy", into: &problems)
        guard problems.isEmpty, let stance, let text, let givenBy else { throw AppError.invalid(problems) }
        let household = file.households.first { $0.id == householdID }!
        try await db.transaction { db in
            try await MatterOpinion.query(on: db).set(\.$replacedAt, to: author.seconds)
                .filter(\.$matterID == file.id).filter(\.$householdID == householdID).filter(\.$replacedAt == nil).update()
            let opinion = MatterOpinion()
            opinion.matterID = file.id; opinion.householdID = householdID; opinion.path = household.path; opinion.stance = stance
            opinion.text = text; opinion.channel = channel; opinion.givenBy = givenBy; opinion.recordedBy = author.userID
            opinion.recordedAt = author.seconds
            try await opinion.create(on: db, movingRevision: DeliberationModule.name)
        }
    }

    // MARK: 三议

    struct MeetingInput: Sendable { var kind: String; var heldOn: String; var due: String; var attendeeIDs: [Int]; var guests: String; var minutes: String; var agreed: Bool }

    /// Records a meeting of the stage the matter is in; attendees are residents of the registry within `scope`.
    static func recordMeeting(_ input: MeetingInput, file: MatterFile, scope: PlaceScope, author: Author, on db: any Database) async throws {
        guard let kind = file.matter.stage.meeting else {
            throw AppError.conflict("当前阶段（\(file.matter.stage.label)）不召开三议会议")
        }
        var problems: [FieldProblem] = []
        if input.kind != kind.rawValue { problems.append(FieldProblem("kind", "当前阶段应召开\(kind.label)")) }
        let day = CivilDate(typed: input.heldOn)
        if day == nil { problems.append(FieldProblem("heldOn", "会议日期格式应为YYYY-MM-DD")) }
        else if let day, day > author.today { problems.append(FieldProblem("heldOn", "会议日期不能晚于今天")) }
        var due: Int?
        do { due = try Bounded.int(input.due, in: 1...500, label: "应到人数") } catch { problems.append(error.field("due")) }
        let attendees = Array(Set(input.attendeeIDs)).sorted()
        let found = try await RegistryDirectory.residents(ids: attendees, on: db).filter { scope.contains($0.path) }
        if found.count != attendees.count { problems.append(FieldProblem("attendeeIDs", "参会人须是您管辖范围内登记的居民")) }
        let guests = input.guests.split(whereSeparator: { "、,，;；\n".contains($0) }).map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        for g in guests where TextRule.personName("列席人员").check(g).isFailure { problems.append(FieldProblem("guests", "列席人员“\(g.prefix(20))”的姓名不符合要求")); break }
        let minutes = TextRule.note("会议纪要", max: 5000, required: true).check(input.minutes, field: "minutes", into: &problems)
        if let due, attendees.count + guests.count > due { problems.append(FieldProblem("due", "实到\(attendees.count + guests.count)人，多于应到\(due)人")) }
        if attendees.count + guests.count == 0 { problems.append(FieldProblem("attendeeIDs", "请选择实到的参会人")) }
        guard problems.isEmpty, let day, let due, let minutes else { throw AppError.invalid(problems) }
        let meeting = MatterMeeting()
        meeting.matterID = file.id; meeting.path = file.matter.path; meeting.kind = kind; meeting.heldOn = day.description; meeting.due = due
        meeting.attendeeIDs = attendees.map(String.init).joined(separator: ","); meeting.guests = guests.joined(separator: "、")
        meeting.minutes = minutes; meeting.agreed = input.agreed; meeting.recordedBy = author.userID; meeting.recordedAt = author.seconds
        try await meeting.create(on: db, movingRevision: DeliberationModule.name)
    }

    /// Saves the plan as a new version; earlier versions stay as they were. Only before the vote opens.
    static func savePlan(text: String, note: String, file: MatterFile, author: Author, on db: any Database) async throws -> Int {
        guard file.matter.stage.isBeforeVote else {
            throw AppError.conflict("表决已开始，方案不能再修改（当前阶段：\(file.matter.stage.label)）")
        }
        var problems: [FieldProblem] = []
        let text = TextRule.note("方案内容", max: 10_000, required: true).check(text, field: "plan", into: &problems)
        let note = TextRule.note("修改说明", max: 200).check(note, field: "note", into: &problems)
        guard problems.isEmpty, let text, let note else { throw AppError.invalid(problems) }
        if text == file.currentPlan?.text { throw AppError.invalid("plan", "方案内容与第\(file.currentPlan!.version)版相同，无需另存") }
        let plan = MatterPlan()
        plan.matterID = file.id; plan.version = (file.plans.last?.version ?? 0) + 1; plan.text = text; plan.note = note
        plan.writtenBy = author.name; plan.writtenAt = author.seconds
        try await plan.create(on: db, movingRevision: DeliberationModule.name)
        return plan.version
    }

    // MARK: 决

    struct BallotInput: Sendable { var voter: String; var choice: String; var castBy: String }

    /// Casts (or changes) a ballot: within the matter's voters, while the vote is open, on one channel only.
    static func castBallot(_ input: BallotInput, file: MatterFile, channel: Channel, author: Author, on db: any Database) async throws {
        guard file.matter.stage == .voting else { throw AppError.conflict("本事项不在表决阶段（当前阶段：\(file.matter.stage.label)），不能投票") }
        guard file.voteIsOpen else { throw AppError.conflict("表决已于\(file.matter.voteClosesOn ?? "")截止，不能再投票或改票") }
        let electorate = file.electorate
        guard let weight = electorate.weights[input.voter] else {
            throw AppError.invalid("voter", file.matter.rule.byOwners ? "不是本事项范围内房屋的登记业主" : "该住户不在本事项的表决范围内")
        }
        var problems: [FieldProblem] = []
        let choice = MatterBallot.Choice(rawValue: input.choice)
        if choice == nil { problems.append(FieldProblem("choice", "请选择同意、反对或弃权")) }
        let castBy = TextRule.personName("投票人").check(input.castBy, field: "castBy", into: &problems)
        guard problems.isEmpty, let choice, let castBy else { throw AppError.invalid(problems) }
        if let current = file.ballots.first(where: { $0.voter == input.voter }), current.channel != channel {
            let who = file.matter.rule.byOwners ? "该业主" : "该户"
            throw AppError.conflict(current.channel == .online
                ? "\(who)已在线上投票（\(current.choice.label)），纸质表决票不能重复计入；如需改票请由本户在线上修改"
                : "\(who)已有纸质表决票（\(current.choice.label)），不能再在线上投票；如需改票请联系社区工作人员")
        }
        let household = input.voter.hasPrefix("household:") ? Int(input.voter.dropFirst("household:".count)) : nil
        let path = file.households.first { $0.id == household }?.path ?? file.parts.first { $0.part.voterKey == input.voter }?.path
            ?? file.residentVoters.first { Electorate.key(resident: $0.id) == input.voter }?.path ?? file.matter.path
        try await db.transaction { db in
            // Written before anything is read: the earlier ballot is replaced, kept, and the unique index refuses a race.
            try await MatterBallot.query(on: db).set(\.$replacedAt, to: author.seconds)
                .filter(\.$matterID == file.id).filter(\.$voter == input.voter).filter(\.$replacedAt == nil).update()
            let ballot = MatterBallot()
            ballot.matterID = file.id; ballot.voter = input.voter; ballot.householdID = household; ballot.path = path
            ballot.choice = choice; ballot.channel = channel; ballot.area = weight.area; ballot.castBy = castBy
            ballot.recordedBy = author.userID; ballot.recordedAt = author.seconds
            try await ballot.create(on: db, movingRevision: DeliberationModule.name)
        }
    }

    /// Lists the representatives the residents' groups elected, from the residents in scope; only before the vote.
    static func setRepresentatives(_ ids: [Int], file: MatterFile, on db: any Database) async throws -> Int {
        guard file.matter.votesByRepresentatives else {
            throw AppError.conflict("本事项不由居民代表表决")
        }
        guard file.matter.stage.isBeforeVote else { throw AppError.conflict("表决已开始，代表名单不能再改") }
        let unique = Array(Set(ids)).sorted()
        let adults = try await RegistryDirectory.residents(inHouseholds: file.households.map(\.id), bornOnOrBefore: file.today.adding(years: -18), on: db)
        let allowed = Set(adults.map(\.id))
        guard !unique.isEmpty else { throw AppError.invalid("representativeIDs", "请选择代表") }
        guard unique.allSatisfy(allowed.contains) else { throw AppError.invalid("representativeIDs", "代表须是本事项范围内年满18周岁的居民") }
        try await Matter.query(on: db).set(\.$representatives, to: unique.map(String.init).joined(separator: ",")).filter(\.$id == file.id).update()
        try await DataRevision.bump(DeliberationModule.name, on: db)
        return unique.count
    }

    // MARK: 实施

    static func recordProgress(day: String, text: String, percent: String, file: MatterFile, author: Author, on db: any Database) async throws {
        guard file.matter.stage == .implementing else {
            throw AppError.conflict(file.matter.stage == .publicizing ? "决议公示期满、异议答复后方可记录实施情况" : "当前阶段（\(file.matter.stage.label)）不记录实施情况")
        }
        var problems: [FieldProblem] = []
        let date = CivilDate(typed: day)
        if date == nil { problems.append(FieldProblem("onDay", "日期格式应为YYYY-MM-DD")) } else if date! > author.today { problems.append(FieldProblem("onDay", "日期不能晚于今天")) }
        let text = TextRule.note("实施情况", max: 2000, required: true).check(text, field: "text", into: &problems)
        var value: Int?
        do { value = try Bounded.int(percent, in: 0...100, label: "完成进度") } catch { problems.append(error.field("percent")) }
        guard problems.isEmpty, let date, let text, let value else { throw AppError.invalid(problems) }
        let entry = MatterProgress()
        entry.matterID = file.id; entry.path = file.matter.path; entry.onDay = date.description; entry.text = text; entry.percent = value
        entry.recordedBy = author.name; entry.recordedAt = author.seconds
        try await entry.create(on: db, movingRevision: DeliberationModule.name)
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
