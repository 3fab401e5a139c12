import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import GongzhiService

/// Every write of co-building, checked: each refuses with a message naming the reason and writes all or nothing.
enum CoBuildingDesk {
    static let changed = CoBuildingModule.name

    // MARK: Agreements

    struct AgreementInput: Sendable { var title: String; var content: String; var signedOn: String; var endsOn: String }

    struct CheckedAgreement { let title: String; let content: String; let signedOn: CivilDate; let endsOn: CivilDate? }

    static func check(_ input: AgreementInput, today: CivilDate) throws -> CheckedAgreement {
        var problems: [FieldProblem] = []
        let title = TextRule.title("协议名称").check(input.title, field: "title", into: &problems)
        let content = TextRule.note("协议内容", max: 2000, required: true).check(input.content, field: "content", into: &problems)
        let signedOn = CivilDate(typed: input.signedOn)
        if signedOn == nil { problems.append(FieldProblem("signedOn", "请填写签订日期，如2026-12-05")) }
        else if signedOn! > today { problems.append(FieldProblem("signedOn", "签订日期不能晚于今天")) }
        var endsOn: CivilDate?
        if !input.endsOn.trimmingCharacters(in: .whitespaces).isEmpty {
            endsOn = CivilDate(typed: input.endsOn)
            if endsOn == nil { problems.append(FieldProblem("endsOn", "到期日期应为如2027-12-31的日期，长期有效的请留空")) }
            else if let signedOn, endsOn! < signedOn { problems.append(FieldProblem("endsOn", "到期日期（\(endsOn!)）早于签订日期（\(signedOn)）")) }
        }
        guard problems.isEmpty, let title, let content, let signedOn else { throw AppError.invalid(problems) }
        return CheckedAgreement(title: title, content: content, signedOn: signedOn, endsOn: endsOn)
    }

    static func makeAgreement(_ input: AgreementInput, with unit: RegistryDirectory.OrganizationEntry, author: Author, on db: any Database) async throws -> Agreement {
        let c = try check(input, today: author.today)
        let agreement = Agreement()
        agreement.organizationID = unit.id; agreement.path = unit.path; agreement.title = c.title; agreement.content = c.content
        agreement.signedOn = c.signedOn.description; agreement.endsOn = c.endsOn?.description
        try await agreement.create(on: db, movingRevision: changed)
        return agreement
    }

    /// An amendment changes the text or the term of an agreement in force; the text before is kept with the reason.
    static func amend(_ agreement: Agreement, _ input: AgreementInput, note: String, author: Author, on db: any Database) async throws {
        guard agreement.endedOn == nil else { throw AppError.conflict("协议已于\(agreement.endedOn!)终止，不能再修订") }
        let c = try check(AgreementInput(title: agreement.title, content: input.content, signedOn: agreement.signedOn, endsOn: input.endsOn), today: author.today)
        var problems: [FieldProblem] = []
        let note = TextRule.note("修订说明", max: 500, required: true).check(note, field: "note", into: &problems)
        if c.content == agreement.content && c.endsOn?.description == agreement.endsOn { problems.append(FieldProblem("content", "协议内容和到期日期都没有改变")) }
        guard problems.isEmpty, let note else { throw AppError.invalid(problems) }
        let amendment = AgreementAmendment()
        amendment.agreementID = try agreement.requireID(); amendment.amendedOn = author.today.description
        amendment.before = "\(agreement.content)（到期：\(agreement.endsOn ?? "长期")）"; amendment.after = "\(c.content)（到期：\(c.endsOn?.description ?? "长期")）"
        amendment.note = note; amendment.writtenBy = author.name
        agreement.content = c.content; agreement.endsOn = c.endsOn?.description
        try await db.transaction { db in
            try await amendment.create(on: db)
            try await agreement.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    /// An agreement ends on a day, not before it was signed, with the reason.
    static func end(_ agreement: Agreement, on day: String, reason: String, author: Author, on db: any Database) async throws {
        guard agreement.endedOn == nil else { throw AppError.conflict("协议已于\(agreement.endedOn!)终止") }
        var problems: [FieldProblem] = []
        let date = CivilDate(typed: day)
        if date == nil { problems.append(FieldProblem("endedOn", "请填写终止日期，如2026-12-05")) }
        else if date!.description < agreement.signedOn { problems.append(FieldProblem("endedOn", "终止日期早于签订日期（\(agreement.signedOn)）")) }
        else if date! > author.today { problems.append(FieldProblem("endedOn", "终止日期不能晚于今天")) }
        let reason = TextRule.note("终止原因", max: 500, required: true).check(reason, field: "reason", into: &problems)
        guard problems.isEmpty, let date, let reason else { throw AppError.invalid(problems) }
        agreement.endedOn = date.description; agreement.endReason = reason
        try await db.transaction { db in
            try await agreement.update(on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    // MARK: Joint meetings

    struct MeetingInput: Sendable { var heldOn: String; var agenda: String; var attendeeIDs: [String]; var minutes: String; var resolutions: String; var toNeeds: Bool }

    /// A joint meeting of a committee: 应到 are its member units that day, 实到 those ticked (members only); each line of
    /// the resolutions a resolution, each placed in the needs list of the committee's community when asked.
    static func recordMeeting(_ input: MeetingInput, committee: RegistryDirectory.PartyOrganizationEntry, members: [Int], author: Author, on db: any Database) async throws -> JointMeeting {
        var problems: [FieldProblem] = []
        let heldOn = CivilDate(typed: input.heldOn)
        if heldOn == nil { problems.append(FieldProblem("heldOn", "请填写会议日期，如2026-12-05")) }
        else if heldOn! > author.today { problems.append(FieldProblem("heldOn", "会议日期不能晚于今天")) }
        let agenda = TextRule.note("会议议程", max: 1000, required: true).check(input.agenda, field: "agenda", into: &problems)
        let minutes = TextRule.note("会议纪要", max: 5000, required: true).check(input.minutes, field: "minutes", into: &problems)
        let present = Set(input.attendeeIDs.prefix(500).compactMap(Bounded.id))
        if !present.isSubset(of: Set(members)) { problems.append(FieldProblem("attendeeIDs", "出席单位须是\(committee.name)的成员单位")) }
        if present.isEmpty { problems.append(FieldProblem("attendeeIDs", "请勾选出席的成员单位")) }
        var lines: [String] = []
        for line in input.resolutions.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let text = TextRule.title("决议").check(String(line), field: "resolutions", into: &problems) else { break }
            lines.append(text)
        }
        if lines.count > 20 { problems.append(FieldProblem("resolutions", "一次会议最多记录20项决议")) }
        if input.toNeeds && lines.isEmpty { problems.append(FieldProblem("resolutions", "没有决议可以列入需求清单")) }
        guard problems.isEmpty, let heldOn, let agenda, let minutes else { throw AppError.invalid(problems) }
        let resolutions = lines
        let meeting = JointMeeting()
        meeting.committeeID = committee.id; meeting.path = committee.path; meeting.heldOn = heldOn.description; meeting.agenda = agenda
        meeting.due = members.count; meeting.attendeeIDs = present.sorted().map(String.init).joined(separator: ","); meeting.minutes = minutes
        meeting.recordedBy = author.name; meeting.recordedAt = author.seconds
        try await db.transaction { db in
            try await meeting.create(on: db)
            for text in resolutions {
                let resolution = MeetingResolution()
                resolution.meetingID = try meeting.requireID(); resolution.path = committee.path; resolution.text = text
                if input.toNeeds {
                    resolution.needID = try await ServiceDirectory.placeCommunityNeed(title: text, detail: "\(committee.name)\(heldOn)联席会议决议", at: committee.path, author: author, on: db)
                }
                try await resolution.create(on: db)
            }
            try await DataRevision.bump(changed, on: db)
        }
        return meeting
    }

    // MARK: Letters

    struct LetterInput: Sendable { var title: String; var body: String; var dated: String }

    static func writeLetter(_ kind: LetterKind, _ input: LetterInput, committee: RegistryDirectory.PartyOrganizationEntry, unit: RegistryDirectory.OrganizationEntry?,
                            author: Author, on db: any Database) async throws -> CoBuildingLetter {
        var problems: [FieldProblem] = []
        if kind.toOneUnit && unit == nil { problems.append(FieldProblem("organizationID", "请选择收信的成员单位")) }
        let title = TextRule.title("标题").check(input.title, field: "title", into: &problems)
        let body = TextRule.note("正文", max: 5000, required: true).check(input.body, field: "body", into: &problems)
        let dated = CivilDate(typed: input.dated)
        if dated == nil { problems.append(FieldProblem("dated", "请填写落款日期，如2026-12-05")) }
        guard problems.isEmpty, let title, let body, let dated else { throw AppError.invalid(problems) }
        let letter = CoBuildingLetter()
        letter.kind = kind; letter.committeeID = committee.id; letter.path = committee.path; letter.organizationID = unit?.id
        letter.title = title; letter.body = body; letter.dated = dated.description; letter.writtenBy = author.name
        try await letter.create(on: db, movingRevision: changed)
        return letter
    }
}
