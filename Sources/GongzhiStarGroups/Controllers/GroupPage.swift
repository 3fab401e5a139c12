import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// One building group's page at the office: its standing, its 1+3+N people and vacancies, the self-checks waiting
/// for the community, the inspection history, appraisals by round, and activities. Every form of the page posts to
/// its own address and comes back here with its problems beside its fields.
enum GroupPage {
    struct RoleRow: Encodable, Sendable {
        let id: Int; let kind: String; let name: String; let elsewhere: Bool; let account: String?; let canIssue: Bool
    }
    struct CheckRow: Encodable, Sendable { let id: Int; let date: String; let by: String; let stars: String; let items: String; let photo: Int? }
    struct Choice: Encodable, Sendable { let value: String; let label: String }
    struct Item: Encodable, Sendable { let key: String; let label: String; let checked: Bool }
    struct Model: Encodable, Sendable {
        let group: RegistryDirectory.BuildingGroupEntry; let address: String; let standing: String; let passLevel: Int
        let roles: [RoleRow]?; let vacancies: String?; let canEdit: Bool; let canIssue: Bool
        let kinds: [Choice]; let residents: Picker?; let askConfirm: Bool
        let pending: [CheckRow]?; let history: Table; let items: [Item]; let photoField: String
        let appraisals: Table; let appraisalKinds: [Choice]; let dwellings: Picker?
        let activities: Table
        let input: [String: String]; let errors: FormErrors
    }

    static func render(_ req: Request, group: RegistryDirectory.BuildingGroupEntry, input: [String: String] = [:], problems: [FieldProblem] = []) async throws -> Response {
        let user = try req.currentUser
        let db = req.db
        let today = BeijingTime.day(of: req.gongzhi.now())
        let rule = try await StarRules.current(on: db)
        let canEdit = user.hasAny(Role.placeEditors)

        let roles = try await GroupRole.query(on: db).filter(\.$buildingGroupID == group.id).sort(\.$id).all().sorted { $0.kind.order < $1.kind.order }
        var roleRows: [RoleRow] = []
        for r in roles {
            let id = try r.requireID()
            roleRows.append(RoleRow(id: id, kind: r.kind.label + (r.team.map { "：\($0)" } ?? ""), name: r.name, elsewhere: r.livesElsewhere,
                                    account: try await SignUpCodes.account(of: Person(kind: .groupLeader, id: id), on: db),
                                    canIssue: r.kind.records && user.hasAny(Role.codeIssuers)))
        }
        let vacancies = GroupDesk.vacancies(roles).map(\.label).joined(separator: "、")

        let households = try await RegistryDirectory.households(within: PlaceScope(paths: [group.path]), adultsOn: today, on: db)
        var residents: Picker?, dwellings: Picker?
        if canEdit {
            let adults = try await RegistryDirectory.residents(inHouseholds: households.map(\.id), bornOnOrBefore: today.adding(years: -18), on: db)
            let members = Set(try await RegistryDirectory.partyMembers(residentIDs: adults.map(\.id), on: db).compactMap(\.residentID))
            residents = Picker(name: "residentID", label: "本楼组居民（★为党员）", options: adults.map { .init(String($0.id), ($0.name) + (members.contains($0.id) ? " ★" : "")) },
                               selected: input["residentID"], empty: "请选择", error: problems.byField["residentID"])
        }
        if user.hasAny(Role.business) {
            dwellings = Picker(name: "placeID", label: "住户（房屋）", options: [.init(String(group.placeID), "整栋楼（庭院）")]
                               + Dictionary(households.map { ($0.dwellingID, $0.address) }) { a, _ in a }.sorted { $0.value < $1.value }.map { .init(String($0.key), $0.value) },
                               selected: input["placeID"], empty: "请选择", ordered: true, error: problems.byField["placeID"])
        }

        let inspections = try await StarInspection.query(on: db).filter(\.$buildingGroupID == group.id).sort(\.$inspectedOn, .descending).sort(\.$id, .descending).all()
        let photos = try await PhotoUpload.photos(of: StarGroupsModule.name, records: inspections.compactMap(\.id), on: db)
        let marks = { (c: StarChecklist) in [c.groundClean, c.wallsClean, c.doorsWindowsClean, c.hasCulture, c.hasActivities, c.hasServices] }
        let pending = try inspections.filter { $0.status == .pending }.map { i in
            CheckRow(id: try i.requireID(), date: i.inspectedOn, by: i.inspector, stars: StarRule.symbols(rule.stars(i.checklist)),
                     items: zip(StarChecklist.items, marks(i.checklist)).map { "\($0.0.label)\($0.1 ? "✓" : "✗")" }.joined(separator: " "), photo: photos[i.id ?? 0]?.first)
        }
        let rows = inspections.map { i in
            Table.Row([.init(i.inspectedOn), .init(i.status == .confirmed ? StarRule.symbols(i.stars) : "—"), .init(i.status == .confirmed ? (rule.passes(i.stars) ? "达标" : "未达标") : "—")]
                      + marks(i.checklist).map { Table.Cell($0 ? "✓" : "✗") }
                      + [.init(i.submittedByID == nil ? "社区评定" : "楼组自查"), .init(i.status.label + (i.returnReason.map { "：\($0)" } ?? "")), .init(i.inspector),
                         .init(photos[i.id ?? 0]?.first.map { _ in "照片" } ?? "", link: photos[i.id ?? 0]?.first.map { PhotoPaths.photo($0) })],
                      attention: i.status == .pending)
        }
        let confirmed = inspections.first { $0.status == .confirmed }

        let appraisals = try await Appraisal.query(on: db).filter(\.$buildingGroupID == group.id).all()
        let rounds = Dictionary(grouping: appraisals) { "\($0.round)\u{1}\($0.kind.label)" }.sorted { $0.key > $1.key }
        let appraisalRows = rounds.map { key, list in
            let parts = key.split(separator: "\u{1}").map(String.init)
            return Table.Row([.init(parts[0]), .init(parts.count > 1 ? parts[1] : ""), .init(list.count), .init(list.filter(\.passed).count),
                              .init(ChineseNumber.percent(list.filter(\.passed).count, of: list.count), numeric: true),
                              .init(list.filter { !$0.passed }.map { a in [a.noProtrusion ? nil : "外突", a.nothingHung ? nil : "扯挂", a.noClutter ? nil : "乱堆"].compactMap { $0 }.joined(separator: "/") }
                                      .reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)户" }.joined(separator: "，"))])
        }
        let activities = try await GroupActivity.query(on: db).filter(\.$buildingGroupID == group.id).sort(\.$heldOn, .descending).limit(50).all()

        let address = try await RegistryDirectory.addresses(of: [group.path], on: db)[group.path] ?? ""
        var form = input
        if form["inspectedOn"] == nil { form["inspectedOn"] = today.description; form["inspector"] = user.displayName }
        if form["heldOn"] == nil { form["heldOn"] = today.description }
        if form["round"] == nil { form["round"] = "\(today.year)年\(today.month <= 6 ? "上" : "下")半年" }
        let model = Model(
            group: group, address: address,
            standing: confirmed.map { "\(StarRule.symbols($0.stars))（\(rule.passes($0.stars) ? "达标" : "未达标")，\($0.inspectedOn)评定）" } ?? "尚未评定", passLevel: rule.passLevel,
            roles: roleRows.nonEmpty, vacancies: vacancies.nonEmpty, canEdit: canEdit, canIssue: user.hasAny(Role.codeIssuers),
            kinds: GroupRoleKind.allCases.map { .init(value: $0.rawValue, label: $0.label) }, residents: residents,
            askConfirm: problems.byField[GroupDesk.elsewhereField] != nil,
            pending: canEdit ? pending.nonEmpty : nil,
            history: Table(columns: (["日期", "星级", "是否达标"] + StarChecklist.items.map(\.label) + ["方式", "状态", "评定人", "照片"]).map { Table.Column.plain($0) },
                           rows: rows, emptyText: "尚无评定记录"),
            items: StarChecklist.items.map { .init(key: $0.key, label: $0.label, checked: input[$0.key] == "on") },
            photoField: PhotoUpload.field(error: problems.byField["photo"]),
            appraisals: Table(columns: ["轮次", "项目", "参评", "合格", "合格率", "未合格原因"].enumerated().map { .plain($0.element, numeric: (2...4).contains($0.offset)) },
                              rows: appraisalRows, emptyText: "尚无评比记录"),
            appraisalKinds: AppraisalKind.allCases.map { .init(value: $0.rawValue, label: $0.label) }, dwellings: dwellings,
            activities: Table(columns: [.plain("日期"), .plain("活动"), .plain("人数", numeric: true), .plain("记录人")],
                              rows: activities.map { Table.Row([.init($0.heldOn), .init($0.title), .init($0.participants), .init($0.recordedBy)]) }, emptyText: "尚无活动记录"),
            input: form, errors: FormErrors(problems))
        return try await req.page("star-groups/group", title: group.name, breadcrumbs: [.init("星级楼组", StarGroupPaths.groups.description), .init(group.name)],
                                  model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The group named in the path, if it lies within the user's places; otherwise the same 403 as a missing one.
    static func visibleGroup(_ req: Request) async throws -> RegistryDirectory.BuildingGroupEntry {
        try await req.visible({ try await RegistryDirectory.buildingGroups(ids: [$0], on: req.db).first }, path: \.path)
    }
}
