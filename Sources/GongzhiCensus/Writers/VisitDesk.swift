import Fluent
import Foundation
import GongzhiCore
import GongzhiKit

/// A household's visit at the door: its status set in the stage that allows it, an appointment at a staggered
/// time (错时错峰), every change kept as an event.
enum VisitDesk {
    /// The stage a change falls in today: the last open stage already begun that allows it; otherwise the reason none does.
    static func stage(for status: VisitStatus, visit: CensusVisit, campaign: CensusCampaign, today: CivilDate, on db: any Database) async throws -> CensusStage {
        if campaign.isClosed { throw AppError.invalid([FieldProblem("status", "本次普查已结束，入户状态不能再更改")]) }
        if campaign.startedAt == nil { throw AppError.invalid([FieldProblem("status", "入户登记尚未开始")]) }
        let stages = try await CensusStageRecord.query(on: db).filter(\.$campaignID == visit.campaignID).all().sorted { $0.stage < $1.stage }
        let begun = stages.filter { $0.startsOn <= today.description }
        if let open = begun.last(where: { $0.closedAt == nil && $0.stage.allows(status, longForm: visit.longForm) }) { return open.stage }
        if begun.isEmpty { throw AppError.invalid([FieldProblem("status", "入户登记阶段尚未开始（\(stages.first?.startsOn ?? "")开始）")]) }
        if let closed = begun.last(where: { $0.stage.allows(status, longForm: visit.longForm) }), closed.closedAt != nil {
            throw AppError.invalid([FieldProblem("status", "\(closed.stage.label)阶段已结束，不能再把该户改为“\(status.label)”")])
        }
        throw AppError.invalid([FieldProblem("status", "当前阶段不能把该户改为“\(status.label)”\(visit.longForm ? "" : "（该户不是长表户）")")])
    }

    static let noteRule = TextRule.note("备注", max: 200)

    /// Sets the status recorded at the door.
    static func record(_ statusText: String, note: String, visit: CensusVisit, seat: CensusSeat, author: Author, vault: PersonalDataVault, on db: any Database) async throws -> VisitStatus {
        guard let status = VisitStatus(rawValue: statusText), VisitStatus.recorded.contains(status) else {
            throw AppError.invalid([FieldProblem("status", "请选择入户结果：\(VisitStatus.recorded.map(\.label).joined(separator: "、"))")])
        }
        var problems: [FieldProblem] = []
        let note = noteRule.check(note, field: "note", into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let stage = try await stage(for: status, visit: visit, campaign: seat.campaign, today: author.today, on: db)
        try await write(visit, status: status, appointment: nil, note: note?.nonEmpty.map(vault.seal), stage: stage, seat: seat, author: author, on: db)
        return status
    }

    /// An appointment: a day from today on, at an hour the household chose (the form offers evenings and weekends).
    static func appoint(day: String, time: String, note: String, visit: CensusVisit, seat: CensusSeat, author: Author, vault: PersonalDataVault, on db: any Database) async throws -> Int {
        var problems: [FieldProblem] = []
        let date = DateRule("预约日期").notBefore(author.today, "今天").check(day, field: "day", into: &problems)
        let parts = time.split(separator: ":").compactMap { Int($0) }
        var minutes: Int?
        if parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) { minutes = parts[0] * 60 + parts[1] } else {
            problems.append(FieldProblem("time", "预约时间应写成如19:30"))
        }
        let note = noteRule.check(note, field: "note", into: &problems)
        guard problems.isEmpty, let date, let minutes else { throw AppError.invalid(problems) }
        let at = BeijingTime.midnight(date) + minutes * 60
        if at <= author.seconds { throw AppError.invalid([FieldProblem("time", "预约时间已过，请选择稍后的时间")]) }
        if visit.status.isSettled { throw AppError.invalid([FieldProblem("day", "该户已\(visit.status.label)，无需预约")]) }
        let stage = try await stage(for: .appointment, visit: visit, campaign: seat.campaign, today: author.today, on: db)
        try await write(visit, status: .appointment, appointment: at, note: note?.nonEmpty.map(vault.seal), stage: stage, seat: seat, author: author, on: db)
        return at
    }

    /// A note as read back: notes are sealed by the vault like every other personal detail.
    static func opened(_ sealed: String?, vault: PersonalDataVault) -> String? { sealed.flatMap { try? vault.open($0) } }

    /// `note` comes sealed.
    static func write(_ visit: CensusVisit, status: VisitStatus, appointment: Int?, note: String?, stage: CensusStage,
                      seat: CensusSeat, author: Author, on db: any Database) async throws {
        try await db.transaction { db in
            visit.status = status; visit.appointmentAt = appointment; visit.updatedAt = author.seconds
            if let note { visit.note = note }
            try await visit.update(on: db)
            let e = CensusVisitEvent()
            e.campaignID = visit.campaignID; e.visitID = try visit.requireID(); e.areaID = visit.areaID; e.memberID = try seat.member.requireID()
            e.stage = stage; e.status = status; e.day = author.today.description; e.at = author.seconds; e.note = note
            try await e.create(on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
        }
    }
}
