import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// 楼宇党建: the party organisations housed in an office building host the monthly party activity in turn. A year's
/// rota is generated from the building's organisations (continuing from last year's December), each month's activity
/// is recorded with its attendance, and two months not yet held may swap hosts.
enum TowerRota {
    /// The party organisations housed in a building, in the order they take turns (by founding, then id).
    static func hosts(of building: RegistryDirectory.PlaceEntry, on db: any Database) async throws -> [RegistryDirectory.PartyOrganizationEntry] {
        try await RegistryDirectory.partyOrganizations(PartyOrganizationKind.allCases, within: PlaceScope(paths: [building.path]), on: db)
            .sorted { ($0.foundedOn ?? "", $0.id) < ($1.foundedOn ?? "", $1.id) }
    }

    static func generate(_ building: RegistryDirectory.PlaceEntry, year: Int, author: Author, on db: any Database) async throws {
        guard (2000...2100).contains(year) else { throw AppError.invalid("year", "年度应在2000至2100之间") }
        let hosts = try await hosts(of: building, on: db)
        guard hosts.count >= 2 else { throw AppError.conflict("\(building.name)内的党组织不足两家，无需轮值") }
        guard try await RotaMonth.query(on: db).filter(\.$buildingID == building.id).filter(\.$year == year).count() == 0 else {
            throw AppError.conflict("\(year)年的轮值表已生成；如需调整，请互换两个月的承办单位")
        }
        // Continue after last year's December host, where there is one.
        let december = try await RotaMonth.query(on: db).filter(\.$buildingID == building.id).filter(\.$year == year - 1).filter(\.$month == 12).first()
        let start = december.flatMap { d in hosts.firstIndex { $0.id == d.hostID }.map { $0 + 1 } } ?? 0
        try await db.transaction { db in
            for month in 1...12 {
                let host = hosts[(start + month - 1) % hosts.count]
                let m = RotaMonth()
                m.buildingID = building.id; m.path = building.path; m.year = year; m.month = month
                m.hostID = host.id; m.hostName = host.name; m.swapNote = ""; m.note = ""
                try await m.create(on: db)
            }
            try await DataRevision.bump(CoBuildingModule.name, on: db)
        }
    }

    struct Activity: Sendable { var heldOn: String; var topic: String; var present: String; var note: String }

    /// The month's activity as held: on a day of that month, not in the future; attendance within the members of the
    /// building's party organisations.
    static func record(_ month: RotaMonth, _ input: Activity, due: Int, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let day = CivilDate(typed: input.heldOn)
        if day == nil { problems.append(FieldProblem("heldOn", "请填写活动日期，如\(month.year)-\(String(format: "%02d", month.month))-15")) }
        else if day!.year != month.year || day!.month != month.month { problems.append(FieldProblem("heldOn", "活动日期应在\(month.year)年\(month.month)月内；改期到其他月份的，请先互换承办月份")) }
        else if day! > author.today { problems.append(FieldProblem("heldOn", "活动日期不能晚于今天")) }
        let topic = TextRule.title("活动主题").check(input.topic, field: "topic", into: &problems)
        var present = 0
        // Members of the building's organisations registered elsewhere are not counted in `due`: without any, up to 1,000.
        let most = due > 0 ? due : 1_000
        do { present = try Bounded.int(input.present, in: 0...most, label: due > 0 ? "实到人数（楼内党员共\(due)人）" : "实到人数") } catch { problems.append(error.field("present")) }
        let note = TextRule.note("活动记录", max: 2000).check(input.note, field: "note", into: &problems)
        guard problems.isEmpty, let day, let topic, let note else { throw AppError.invalid(problems) }
        month.heldOn = day.description; month.topic = topic; month.present = present; month.due = due; month.note = note; month.recordedBy = author.name
        try await db.transaction { db in
            try await month.update(on: db)
            try await DataRevision.bump(CoBuildingModule.name, on: db)
        }
    }

    /// Two months of the same year, neither held yet, exchange hosts; the reason is kept on both.
    static func swap(_ a: RotaMonth, _ b: RotaMonth, reason: String, on db: any Database) async throws {
        guard a.id != b.id, a.buildingID == b.buildingID, a.year == b.year else { throw AppError.invalid("other", "请选择同一年度的另一个月份") }
        guard a.heldOn == nil, b.heldOn == nil else { throw AppError.conflict("已举办活动的月份不能互换") }
        var problems: [FieldProblem] = []
        guard let reason = TextRule.title("互换原因").check(reason, field: "reason", into: &problems) else { throw AppError.invalid(problems) }
        (a.hostID, b.hostID) = (b.hostID, a.hostID)
        (a.hostName, b.hostName) = (b.hostName, a.hostName)
        a.swapNote = "与\(b.month)月互换：\(reason)"; b.swapNote = "与\(a.month)月互换：\(reason)"
        try await db.transaction { db in
            try await a.update(on: db)
            try await b.update(on: db)
            try await DataRevision.bump(CoBuildingModule.name, on: db)
        }
    }
}
