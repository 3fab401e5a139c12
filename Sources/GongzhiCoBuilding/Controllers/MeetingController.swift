import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import GongzhiService
import Vapor

/// Joint meetings of the regional committees: agenda, 应到/实到 from the committee's member units, minutes, and
/// resolutions that go into the needs list to be carried as projects.
struct MeetingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CoBuildingPaths.meetings, use: index)
        routes.get(CoBuildingPaths.meeting, use: show)
        routes.allow(Role.placeEditors).post(CoBuildingPaths.meetings, use: record)
    }

    struct Unit: Encodable, Sendable { let id: Int; let name: String; let checked: Bool }
    struct ListModel: Encodable, Sendable {
        let table: Table; let canEdit: Bool; let committeePicker: Picker; let committeeID: Int?; let committee: String?; let units: [Unit]?
        let input: [String: String]; let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, input: [:], attendees: [], problems: []) }

    func render(_ req: Request, input: [String: String], attendees: Set<Int>, problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let roster = try await CommitteeRoster.load(scope, on: req.db)
        let meetings = try await JointMeeting.query(on: req.db).within(scope, \.$path).sort(\.$heldOn, .descending).all()
        let names = Dictionary(uniqueKeysWithValues: roster.committees.map { ($0.entry.id, $0.entry.name) })
        let table = Table(columns: [.plain("会议日期"), .plain("区域党组织"), .plain("议程"), .plain("应到", numeric: true), .plain("实到", numeric: true)],
                          rows: try meetings.map { m in
                              Table.Row([.init(m.heldOn, link: CoBuildingPaths.meeting(try m.requireID())), .init(names[m.committeeID] ?? "—"),
                                         .init(String(m.agenda.prefix(40))), .init(m.due), .init(m.attendees.count)])
                          }, emptyText: "尚无联席会议记录")
        let chosenID = try Bounded.id(input["committeeID"]) ?? req.queryID("committee", label: "区域党组织")
        let chosen = roster.committees.first { $0.entry.id == chosenID } ?? (roster.committees.count == 1 ? roster.committees.first : nil)
        var units: [Unit]?
        if let chosen {
            units = try await RegistryDirectory.organizations(ids: chosen.members, on: req.db).sorted { $0.id < $1.id }
                .map { Unit(id: $0.id, name: $0.name, checked: attendees.contains($0.id)) }
        }
        let model = ListModel(
            table: table, canEdit: user.hasAny(Role.placeEditors) && !roster.committees.isEmpty,
            committeePicker: Picker(name: "committee", label: "区域党组织", options: roster.committees.map { .init(String($0.entry.id), $0.entry.name) },
                                    selected: chosen.map { String($0.entry.id) }, empty: "请选择", ordered: true),
            committeeID: chosen?.entry.id, committee: chosen?.entry.name, units: units,
            input: input.isEmpty ? ["heldOn": BeijingTime.day(of: req.gongzhi.now()).description] : input, errors: FormErrors(problems))
        return try await req.page("co-building/meetings", title: "联席会议", breadcrumbs: [.init("区域共建", CoBuildingPaths.committees.description), .init("联席会议")],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content {
        var committeeID: String?; var heldOn: String?; var agenda: String?; var minutes: String?; var resolutions: String?; var toNeeds: String?
        var attendeeIDs: [String]?
    }

    @Sendable func record(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let echo = ["committeeID": form.committeeID ?? "", "heldOn": form.heldOn ?? "", "agenda": form.agenda ?? "", "minutes": form.minutes ?? "",
                    "resolutions": form.resolutions ?? "", "toNeeds": form.toNeeds ?? ""]
        let attendees = Set((form.attendeeIDs ?? []).compactMap(Bounded.id))
        let roster = try await CommitteeRoster.load(try req.currentUser.scope(), on: req.db)
        guard let committee = roster.committees.first(where: { $0.entry.id == Bounded.id(form.committeeID) }) else {
            return try await render(req, input: echo, attendees: attendees, problems: [FieldProblem("committeeID", "请选择您管辖范围内的区域党组织")])
        }
        do {
            let meeting = try await CoBuildingDesk.recordMeeting(
                .init(heldOn: form.heldOn ?? "", agenda: form.agenda ?? "", attendeeIDs: form.attendeeIDs ?? [], minutes: form.minutes ?? "",
                      resolutions: form.resolutions ?? "", toNeeds: form.toNeeds == "yes"),
                committee: committee.entry, members: committee.members, author: try Author(req), on: req.db)
            let id = try meeting.requireID()
            try await req.audit(action: "record-joint-meeting", target: CoBuildingPaths.meeting(id), detail: "\(committee.entry.name)\(meeting.heldOn)联席会议")
            return req.redirect(to: CoBuildingPaths.meeting(id), notice: "已记录联席会议。")
        } catch AppError.invalid(let problems) { return try await render(req, input: echo, attendees: attendees, problems: problems) }
    }

    struct Model: Encodable, Sendable {
        struct Resolution: Encodable, Sendable { let text: String; let link: String? }
        let heldOn: String; let committee: String; let agenda: String; let minutes: String; let due: Int; let present: Int
        let attendees: [String]; let absent: [String]?; let resolutions: [Resolution]?
    }

    @Sendable func show(req: Request) async throws -> Response {
        let m = try await req.visible(JointMeeting.self, path: \.$path)
        let committee = try await RegistryDirectory.partyOrganizations(ids: [m.committeeID], on: req.db).first
        let members = try await CommitteeMember.query(on: req.db).filter(\.$committeeID == m.committeeID).all().map(\.organizationID)
        let units = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.organizations(ids: Array(Set(members + m.attendees)), on: req.db).map { ($0.id, $0.name) })
        let resolutions = try await MeetingResolution.query(on: req.db).filter(\.$meetingID == m.requireID()).sort(\.$id).all()
        let present = Set(m.attendees)
        let model = Model(heldOn: m.heldOn, committee: committee?.name ?? "—", agenda: m.agenda, minutes: m.minutes, due: m.due, present: present.count,
                          attendees: m.attendees.compactMap { units[$0] }, absent: members.filter { !present.contains($0) }.compactMap { units[$0] }.nonEmpty,
                          resolutions: resolutions.map { .init(text: $0.text, link: $0.needID.map(ServiceDirectory.needLink)) }.nonEmpty)
        return try await req.page("co-building/meeting", title: "\(model.committee)联席会议（\(m.heldOn)）",
                                  breadcrumbs: [.init("联席会议", CoBuildingPaths.meetings.description), .init(m.heldOn)], model)
    }
}
