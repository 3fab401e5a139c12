import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit
import Vapor

/// The enumerator's phone: their day (appointments, households still to visit, those to visit again) and a
/// household's page, where a result is one tap and an appointment at an evening or weekend slot another.
struct FieldController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CensusPaths.mine, use: mine)
        routes.get(CensusPaths.day, use: day)
        routes.get(CensusPaths.visit, use: visit)
        routes.post(CensusPaths.visit, use: record)
        routes.post(CensusPaths.appointment, use: appoint)
    }

    /// The latest campaign the user works in, open ones first.
    @Sendable func mine(req: Request) async throws -> Response {
        let campaigns = try await CensusSeat.campaigns(of: try req.currentUser, on: req.db)
        guard let (c, _) = campaigns.first(where: { !$0.0.isClosed }) ?? campaigns.first else {
            return req.redirect(to: CensusPaths.campaigns.description)
        }
        return req.redirect(to: CensusPaths.day(try c.requireID()))
    }

    struct Item: Encodable, Sendable { let id: Int; let address: String; let status: String; let time: String?; let longForm: Bool; let note: String? }
    struct DayModel: Encodable, Sendable {
        let campaignID: Int; let name: String; let day: String; let dayLabel: String; let previous: String; let next: String
        let areas: [AreaChoice]; let areaPicker: Picker?; let area: String?; let closed: Bool; let purged: Bool
        let figures: [Highlight.Figure]; let appointments: String; let todo: String; let again: String; let appointmentCount: Int; let todoCount: Int; let againCount: Int; let done: Int
    }
    struct AreaChoice: Encodable, Sendable { let label: String; let link: String; let chosen: Bool }

    @Sendable func day(req: Request) async throws -> Response {
        // The seat and its areas, like the lists, once per change of records; the role is checked on every request.
        let revision = try await DataRevision.total(on: req.db)
        let user = try req.currentUser
        let (seat, areas) = try await seats.value(SeatKey(user: user.id, campaign: try req.routeID()), revision: revision) {
            let seat = try await CensusSeat.load(req)
            return (seat, try await seat.areas(on: req.db))
        }
        guard user.has(CensusSeat.role(of: seat.member.kind)) else { throw AppError.forbidden }
        let c = seat.campaign, id = seat.campaignID
        let today = BeijingTime.day(of: req.gongzhi.now())
        let day = try req.queryValue("day").map { text in
            guard let d = CivilDate(typed: text) else { throw AppError.badRequest("日期“\(text.prefix(20))”无效，应写成如2026-12-05") }
            return d
        } ?? today
        // An enumerator sees all their areas at once; the office or an instructor chooses one.
        let chosenID = try req.queryID("area", label: "普查小区")
        if let chosenID, !areas.contains(where: { $0.id == chosenID }) { throw AppError.forbidden }
        let shown = seat.member.kind == .enumerator ? areas.filter { chosenID == nil || $0.id == chosenID } : areas.filter { $0.id == chosenID }
        let ids = shown.compactMap(\.id)
        let lists = try await lists.value(ListKey(areas: ids, day: day, purged: c.purgedAt != nil), revision: revision) {
            try await Self.lists(areas: ids, day: day, purged: c.purgedAt != nil, vault: req.gongzhi.vault, on: req.db)
        }
        let query = { (d: CivilDate) in "\(CensusPaths.day(id))?day=\(d)\(chosenID.map { "&area=\($0)" } ?? "")" }
        let model = DayModel(
            campaignID: id, name: c.name, day: day.description, dayLabel: day == today ? "今天 \(day.month)月\(day.day)日" : "\(day.month)月\(day.day)日",
            previous: query(day.adding(days: -1)), next: query(day.adding(days: 1)),
            // A few areas as buttons; an instructor's or the office's many as one choice.
            areas: (areas.count > 1 || seat.member.kind != .enumerator) && areas.count <= 6 ? areas.map { a in
                AreaChoice(label: a.label, link: "\(CensusPaths.day(id))?day=\(day)&area=\(a.id ?? 0)", chosen: a.id == chosenID) } : [],
            areaPicker: areas.count > 6 ? Picker(name: "area", label: "普查小区", options: areas.map { .init(String($0.id ?? 0), $0.label) },
                                                 selected: chosenID.map(String.init), empty: "请选择", ordered: true) : nil,
            area: shown.count == 1 ? shown[0].label : nil, closed: c.isClosed, purged: c.purgedAt != nil,
            figures: [.init("名单", "\(lists.total)户"), .init("已完成", "\(lists.settled)户"), .init("待入户", "\(lists.todoCount)户"), .init("当日预约", "\(lists.appointmentCount)户")],
            appointments: lists.appointments, todo: lists.todo, again: lists.again,
            appointmentCount: lists.appointmentCount, todoCount: lists.todoCount, againCount: lists.againCount, done: lists.settled)
        return try await req.page("census/day", title: "入户日程", breadcrumbs: [.init("入户登记", CensusPaths.campaigns.description), .init("入户日程")], model)
    }

    /// A day's lists of doors for some areas, drawn once per change of records: the enumerator opens the day again
    /// after every door.
    let lists = RevisionCache<ListKey, DayLists>()
    let seats = RevisionCache<SeatKey, (CensusSeat, [CensusArea])>()
    struct SeatKey: Hashable, Sendable { let user: Int; let campaign: Int }
    struct ListKey: Hashable, Sendable { let areas: [Int]; let day: CivilDate; let purged: Bool }
    struct DayLists: Sendable {
        let appointments: String, todo: String, again: String
        let appointmentCount: Int, todoCount: Int, againCount: Int, total: Int, settled: Int
    }

    /// The areas' visits as plain rows (a model's reflection cost more than the query), sorted into the day's lists
    /// and drawn in Swift (Leaf's loops cost more than the rest of the page).
    static func lists(areas ids: [Int], day: CivilDate, purged: Bool, vault: PersonalDataVault, on db: any Database) async throws -> DayLists {
        let visits = ids.isEmpty || purged ? [] : try await db.sql.select()
            .columns(["id", "address", "status", "long_form", "appointment_at", "note"].map { SQLColumn($0) }).from(CensusVisit.schema)
            .where(SQLColumn("area_id"), .in, SQLBind.group(ids)).orderBy("path").all(decoding: DayRow.self)
        let lo = BeijingTime.midnight(day), hi = lo + 86_400
        let onDay = { (v: DayRow) in v.status == .appointment && (v.appointment_at ?? 0) >= lo && (v.appointment_at ?? 0) < hi }
        // On the day's appointments the hour; on the list to visit again the day too ("12-04 19:30"), which is another day.
        let item = { (v: DayRow, dated: Bool) in
            Item(id: v.id, address: Self.short(v.address), status: v.status.label, time: v.appointment_at.map { dated ? Self.dayAndClock($0) : Self.clock($0) },
                 longForm: v.long_form, note: v.status == .appointment ? VisitDesk.opened(v.note, vault: vault) : nil)
        }
        let appointments = visits.filter(onDay).sorted { ($0.appointment_at ?? 0) < ($1.appointment_at ?? 0) }
        let todo = visits.filter { $0.status == .notVisited }
        // To visit again: refused, away, and appointments whose time has passed or falls on another day.
        let again = visits.filter { v in [.refused, .away].contains(v.status) || (v.status == .appointment && !onDay(v)) }
        return DayLists(appointments: list(appointments.map { item($0, false) }, time: true, empty: "当日没有预约"), todo: list(todo.map { item($0, false) }, empty: "没有待入户的住户"),
                        again: list(again.map { item($0, true) }, status: true, empty: "没有需再访的住户"),
                        appointmentCount: appointments.count, todoCount: todo.count, againCount: again.count,
                        total: visits.count, settled: visits.count { $0.status.isSettled })
    }

    struct DayRow: Decodable, Sendable {
        let id: Int; let address: String; let status: VisitStatus; let long_form: Bool; let appointment_at: Int?; let note: String?
    }

    /// A list of doors, each a large target to the household's page: the appointment's time first on the day's
    /// appointments, the status (and a missed appointment's time) on those to visit again.
    static func list(_ items: [Item], time: Bool = false, status: Bool = false, empty: String) -> String {
        guard !items.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        let e = HTML.escape
        var out = "<ul class=\"visit-list\">"
        for v in items {
            out += "<li id=\"v\(v.id)\"><a href=\"\(CensusPaths.visit(v.id))\">"
            if time, let t = v.time { out += "<strong>\(e(t))</strong> " }
            out += e(v.address)
            if status { out += " <span class=\"badge late\">\(e(v.status))\(v.time.map { " " + e($0) } ?? "")</span>" }
            if v.longForm { out += " <span class=\"badge\">长表</span>" }
            if let note = v.note { out += "<small>\(e(note))</small>" }
            out += "</a></li>"
        }
        return out + "</ul>"
    }

    /// "1号楼1单元101": the address without its community and compound, which the enumerator knows.
    static func short(_ address: String) -> String {
        let parts = address.split(separator: " ")
        return parts.count > 2 ? parts.dropFirst(2).joined() : parts.joined()
    }
    /// "19:30" of an appointment.
    static func clock(_ seconds: Int) -> String { String(BeijingTime.format(seconds: seconds).dropFirst(11).prefix(5)) }
    /// "12-04 19:30".
    static func dayAndClock(_ seconds: Int) -> String { String(BeijingTime.format(seconds: seconds).dropFirst(5).prefix(11)) }

    // MARK: A household

    struct Slot: Encodable, Sendable { let value: String; let label: String }
    struct Event: Encodable, Sendable { let at: String; let status: String; let stage: String; let by: String; let note: String? }
    struct VisitModel: Encodable, Sendable {
        let id: Int; let campaignID: Int; let address: String; let area: String; let status: String; let longForm: Bool
        let appointment: String?; let note: String?; let open: Bool; let results: [Slot]; let slots: [Slot]; let history: [Event]
        let back: String; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func visit(req: Request) async throws -> Response {
        let (seat, visit) = try await CensusSeat.visit(req)
        return try await renderVisit(req, seat: seat, visit: visit, input: [:], problems: [])
    }

    func renderVisit(_ req: Request, seat: CensusSeat, visit: CensusVisit, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let events = try await CensusVisitEvent.query(on: req.db).filter(\.$visitID == visit.requireID()).sort(\.$at, .descending).sort(\.$id, .descending).limit(50).all()
        let names = Dictionary(uniqueKeysWithValues: try await CensusMember.query(on: req.db).filter(\.$campaignID == seat.campaignID).all().compactMap { m in m.id.map { ($0, m.name) } })
        let area = try await CensusArea.find(visit.areaID, on: req.db)
        let now = req.gongzhi.now()
        let model = VisitModel(
            id: try visit.requireID(), campaignID: seat.campaignID, address: visit.address, area: area?.label ?? "", status: visit.status.label, longForm: visit.longForm,
            appointment: visit.appointmentAt.map(BeijingTime.format(seconds:)), note: VisitDesk.opened(visit.note, vault: req.gongzhi.vault), open: !seat.campaign.isClosed,
            results: VisitStatus.recorded.map { Slot(value: $0.rawValue, label: $0.label) },
            slots: Self.slots(after: now),
            history: events.map { Event(at: BeijingTime.format(seconds: $0.at), status: $0.status.label, stage: $0.stage.label, by: names[$0.memberID] ?? "", note: VisitDesk.opened($0.note, vault: req.gongzhi.vault)) },
            back: "\(CensusPaths.day(seat.campaignID))\(seat.member.kind == .enumerator ? "" : "?area=\(visit.areaID)")#v\(try visit.requireID())",
            input: input, errors: FormErrors(problems))
        return try await req.page("census/visit", title: Self.short(visit.address), breadcrumbs: [.init("入户日程", CensusPaths.day(seat.campaignID)), .init(Self.short(visit.address))],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Staggered slots (错时错峰): this evening (or tomorrow's), tomorrow evening, and the coming weekend.
    static func slots(after now: Date) -> [Slot] {
        let seconds = Int(now.timeIntervalSince1970)
        let today = BeijingTime.day(of: now)
        var slots: [(CivilDate, String, String)] = []
        let evening = seconds < BeijingTime.midnight(today) + 19 * 3600 ? today : today.adding(days: 1)
        slots.append((evening, "19:00", evening == today ? "今晚19:00" : "明晚19:00"))
        slots.append((evening.adding(days: 1), "19:30", "\(evening.adding(days: 1).month)月\(evening.adding(days: 1).day)日晚19:30"))
        // 1970-01-01 was a Thursday: day 0. Saturday is 2 (mod 7).
        let toSaturday = (2 - today.daysSince1970 % 7 + 7) % 7
        let saturday = today.adding(days: toSaturday == 0 && seconds >= BeijingTime.midnight(today) + 10 * 3600 ? 7 : toSaturday)
        slots.append((saturday, "10:00", "周六\(saturday.month)月\(saturday.day)日10:00"))
        slots.append((saturday.adding(days: 1), "15:00", "周日\(saturday.adding(days: 1).month)月\(saturday.adding(days: 1).day)日15:00"))
        return slots.map { Slot(value: "\($0.0) \($0.1)", label: $0.2) }
    }

    @Sendable func record(req: Request) async throws -> Response {
        let (seat, visit) = try await CensusSeat.visit(req)
        struct Form: Content { var status: String?; var note: String? }
        let form = try req.content.decode(Form.self)
        do {
            let status = try await VisitDesk.record(form.status ?? "", note: form.note ?? "", visit: visit, seat: seat, author: try Author(req), vault: req.gongzhi.vault, on: req.db)
            return req.redirect(to: back(seat, visit), notice: "\(Self.short(visit.address))：\(status.label)")
        } catch AppError.invalid(let problems) {
            return try await renderVisit(req, seat: seat, visit: visit, input: ["note": form.note ?? ""], problems: problems)
        }
    }

    @Sendable func appoint(req: Request) async throws -> Response {
        let (seat, visit) = try await CensusSeat.visit(req)
        struct Form: Content { var slot: String?; var day: String?; var time: String?; var note: String? }
        let form = try req.content.decode(Form.self)
        var day = form.day ?? "", time = form.time ?? ""
        if let slot = form.slot, !slot.isEmpty {
            let parts = slot.split(separator: " ").map(String.init)
            day = parts.first ?? ""; time = parts.count > 1 ? parts[1] : ""
        }
        do {
            let at = try await VisitDesk.appoint(day: day, time: time, note: form.note ?? "", visit: visit, seat: seat, author: try Author(req), vault: req.gongzhi.vault, on: req.db)
            return req.redirect(to: back(seat, visit), notice: "\(Self.short(visit.address))：已预约\(BeijingTime.format(seconds: at))")
        } catch AppError.invalid(let problems) {
            return try await renderVisit(req, seat: seat, visit: visit, input: ["day": day, "time": time, "note": form.note ?? ""], problems: problems)
        }
    }

    func back(_ seat: CensusSeat, _ visit: CensusVisit) -> String {
        "\(CensusPaths.day(seat.campaignID))\(seat.member.kind == .enumerator ? "" : "?area=\(visit.areaID)")"
    }
}
