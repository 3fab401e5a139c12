import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// What the campaign reports within the areas a seat reaches: progress by enumerator, area, community and the
/// whole with the days' chart; the quality checks and the count reconciliation; stand-ups; publicity; the letters.
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CensusPaths.progress, use: progress)
        routes.get(CensusPaths.quality, use: quality)
        routes.get(CensusPaths.standups, use: standups)
        routes.get(CensusPaths.publicity, use: publicity)
        let guides = routes.allow([.censusOffice, .censusInstructor])
        guides.get(CensusPaths.letters, use: letters)
        guides.post(CensusPaths.standups, use: addStandup)
        guides.post(CensusPaths.answer, use: answer)
        guides.post(CensusPaths.publicity, use: addPublicity)
    }

    // MARK: Progress

    struct Progress: Sendable {
        let areas: [CensusArea]; let tallies: [Int: Tally]; let members: [Int: CensusMember]; let communities: [String: String]
        let daily: [CensusCounts.DayRow]
        var total: Tally { Tally.sum(areas.compactMap { $0.id.flatMap { tallies[$0] } }) }
    }

    static func progress(_ seat: CensusSeat, on db: any Database) async throws -> Progress {
        let areas = try await seat.areas(on: db)
        let members = Dictionary(uniqueKeysWithValues: try await CensusMember.query(on: db).filter(\.$campaignID == seat.campaignID).all().compactMap { m in m.id.map { ($0, m) } })
        let communities = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: Array(Set(areas.map(\.communityID))), on: db).map { ($0.path, $0.name) })
        let reached = Set(areas.compactMap(\.id))
        return Progress(areas: areas, tallies: try await CensusCounts.byArea(seat.campaign, on: db), members: members, communities: communities,
                        daily: try await CensusCounts.daily(seat.campaign, on: db).filter { reached.contains($0.area_id) })
    }

    static let tallyColumns = ["户数", "已完成", "已登记", "自主填报", "空户", "拒访", "外出未遇", "未入户", "完成率"]
    static func cells(_ t: Tally) -> [Table.Cell] {
        [.init(t.households), .init(t.settled), .init(t.registered), .init(t[.selfEnumerated]), .init(t[.vacant]), .init(t[.refused]), .init(t[.away]),
         .init(t[.notVisited] + t[.appointment]), .init(t.progress, numeric: true)]
    }

    struct ProgressModel: Encodable, Sendable {
        let id: Int; let name: String; let figures: [Highlight.Figure]; let chart: String; let sentence: String
        let communities: Table; let filter: Picker; let community: String?; let enumerators: Table?; let areas: Table?
    }

    @Sendable func progress(req: Request) async throws -> Response {
        let seat = try await CensusSeat.load(req)
        let p = try await Self.progress(seat, on: req.db)
        let byCommunity = Dictionary(grouping: p.areas, by: \.communityPath)
        let numeric = Set(1...9)
        let communityRows = byCommunity.keys.sorted().map { path in
            Table.Row([.init(p.communities[path] ?? "")] + Self.cells(Tally.sum(byCommunity[path]!.compactMap { p.tallies[$0.id ?? 0] })))
        }
        // By enumerator and by area: one community at a time (a subdistrict has hundreds), unless few areas are reached.
        let chosen = try req.queryID("community", label: "社区").flatMap { id in p.areas.first { $0.communityID == id }?.communityPath }
        let detailed = chosen != nil || p.areas.count <= 30
        let inChosen = { (a: CensusArea) in chosen == nil || a.communityPath == chosen }
        // Paces: households settled per day worked, by enumerator, beside the median of them all.
        let enumeratorOf = Dictionary(uniqueKeysWithValues: p.areas.compactMap { a in a.id.map { ($0, a.enumeratorID ?? 0) } })
        var days: [Int: Set<String>] = [:], settled: [Int: Int] = [:]
        for d in p.daily { let m = enumeratorOf[d.area_id] ?? 0; days[m, default: []].insert(d.day); settled[m, default: 0] += d.households }
        let pace = { (m: Int) in (days[m]?.count ?? 0) > 0 ? Int((Double(settled[m] ?? 0) / Double(days[m]!.count)).rounded()) : 0 }
        let median = days.keys.filter { $0 != 0 }.map(pace).median
        let byEnumerator = Dictionary(grouping: p.areas.filter { a in chosen == nil || a.communityPath == chosen }, by: { $0.enumeratorID ?? 0 })
        let enumeratorRows = byEnumerator.keys.sorted().map { m in
            Table.Row([.init(p.members[m]?.name ?? "未指定"), .init(byEnumerator[m]!.count)] + Self.cells(Tally.sum(byEnumerator[m]!.compactMap { p.tallies[$0.id ?? 0] }))
                      + [.init(pace(m)), .init(median.map { String(format: "%.0f", $0) } ?? "—", numeric: true)])
        }
        let areaRows = p.areas.filter(inChosen).map { a in
            Table.Row([.init(a.label, link: CensusPaths.area(a.id ?? 0)), .init(a.enumeratorID.flatMap { p.members[$0]?.name } ?? "未指定")] + Self.cells(p.tallies[a.id ?? 0] ?? Tally()))
        }
        let perDay = Dictionary(grouping: p.daily, by: \.day).mapValues { $0.reduce(0) { $0 + $1.households } }
        let chart = SVG.days(perDay.keys.sorted().map { (label: String($0.suffix(5)), value: perDay[$0]!) }, title: "每日完成户数", unit: "户")
        let t = p.total
        let model = ProgressModel(
            id: seat.campaignID, name: seat.campaign.name,
            figures: [.init("名单户数", "\(t.households)户"), .init("已完成", "\(t.settled)户"), .init("已登记", "\(t.registered)户"),
                      .init("自主填报", "\(t[.selfEnumerated])户"), .init("长表户", "\(t.longFormRegistered)/\(t.longForm)"), .init("完成率", t.progress)],
            chart: chart,
            sentence: "已完成\(t.settled)户，占名单\(t.progress)；普查员日均完成户数的中位数为\(median.map { String(format: "%.0f", $0) } ?? "—")户。",
            communities: Table(columns: .plain(["社区"] + Self.tallyColumns, numeric: numeric), rows: communityRows),
            filter: Picker(name: "community", label: "社区", options: byCommunity.keys.sorted().compactMap { path in
                byCommunity[path]?.first.map { .init(String($0.communityID), p.communities[path] ?? "") } }, selected: chosen.flatMap { path in byCommunity[path]?.first.map { String($0.communityID) } }, empty: "请选择", ordered: true),
            community: chosen.flatMap { p.communities[$0] },
            enumerators: detailed ? Table(columns: .plain(["普查员", "普查小区"] + Self.tallyColumns + ["日均完成", "中位数"], numeric: Set(1...12)), rows: enumeratorRows) : nil,
            areas: detailed ? Table(columns: .plain(["普查小区", "普查员"] + Self.tallyColumns, numeric: Set(2...10)), rows: areaRows) : nil)
        return try await req.page("census/progress", title: "入户进度", breadcrumbs: AreaController.crumbs(seat.campaign, "入户进度"), model)
    }

    // MARK: Quality

    struct QualityModel: Encodable, Sendable {
        let id: Int; let name: String; let unvisited: [Section]; let sizes: Table; let duplicates: Table; let paces: Table; let paceLimit: Int
        let reconciliation: Table; let differences: Int; let sentence: String
    }
    struct Section: Encodable, Sendable { let title: String; let table: Table }

    @Sendable func quality(req: Request) async throws -> Response {
        let seat = try await CensusSeat.load(req)
        let areas = try await seat.areas(on: req.db)
        let q = try await Quality.load(seat, areas: areas, on: req.db)
        let label = Dictionary(uniqueKeysWithValues: areas.compactMap { a in a.id.map { ($0, a.label) } })
        let members = Dictionary(uniqueKeysWithValues: try await CensusMember.query(on: req.db).filter(\.$campaignID == seat.campaignID).all().compactMap { m in m.id.map { ($0, m.name) } })
        let target = seat.campaign.areaTarget
        let odd = q.sizes.filter { $0.value > target * 3 / 2 || $0.value < target / 2 }.sorted { $0.key < $1.key }
        let places = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: q.reconciliation.map(\.placeID), on: req.db).map { ($0.id, $0.address) })
        let lines = q.reconciliation.filter { $0.difference != 0 }
        let model = QualityModel(
            id: seat.campaignID, name: seat.campaign.name,
            unvisited: q.unvisited.map { u in
                Section(title: "\(u.stage.label)结束时（\(u.closedOn)）从未入户：\(u.byArea.values.reduce(0, +))户",
                        table: Table(columns: .plain(["普查小区", "户数"], numeric: [1]), rows: u.byArea.sorted { $0.key < $1.key }.map {
                            Table.Row([.init(label[$0.key] ?? "", link: CensusPaths.area($0.key)), .init($0.value)]) }, emptyText: "没有"))
            },
            sizes: Table(columns: .plain(["普查小区", "户数", "标准"], numeric: [1, 2]), rows: odd.map {
                Table.Row([.init(label[$0.key] ?? "", link: CensusPaths.area($0.key)), .init($0.value), .init(target)]) }, emptyText: "所有普查小区的户数都在标准的一半到一倍半之间"),
            duplicates: Table(columns: .plain(["重复列入的普查小区"]), rows: q.duplicates.map { d in Table.Row([.init(d.areas.compactMap { label[$0] }.joined(separator: "、"))]) },
                              emptyText: "没有一户列入两个普查小区"),
            paces: Table(columns: .plain(["普查员", "日期", "完成户数"], numeric: [2]), rows: q.paces.map { Table.Row([.init(members[$0.memberID] ?? "未指定"), .init($0.day), .init($0.households)]) },
                         emptyText: "没有异常的日完成量"),
            paceLimit: q.paceLimit,
            reconciliation: Table(columns: .plain(["普查小区", "楼栋/单元", "登记册户数", "普查名单户数", "差额", "已登记户数"], numeric: [2, 3, 4, 5]), rows: lines.map { l in
                Table.Row([.init(label[l.areaID] ?? "", link: CensusPaths.area(l.areaID)), .init(places[l.placeID] ?? ""), .init(l.registry), .init(l.listed),
                           .init(l.difference > 0 ? "+\(l.difference)" : "\(l.difference)", numeric: true), .init(l.registered)], attention: true)
            }, emptyText: seat.campaign.startedAt == nil ? "入户登记开始后核对" : "登记册与普查名单的户数一致"),
            differences: lines.count,
            sentence: "核对\(q.reconciliation.count)个楼栋或单元：登记册共\(q.reconciliation.reduce(0) { $0 + $1.registry })户，普查名单\(q.reconciliation.reduce(0) { $0 + $1.listed })户，已登记\(q.reconciliation.reduce(0) { $0 + $1.registered })户。")
        return try await req.page("census/quality", title: "质量检查与核对", breadcrumbs: AreaController.crumbs(seat.campaign, "质量检查与核对"), model)
    }

    // MARK: Stand-ups

    struct StandupModel: Encodable, Sendable {
        let id: Int; let name: String; let canWrite: Bool; let standups: [StandupRow]; let places: Picker?; let input: [String: String]; let errors: FormErrors
    }
    struct StandupRow: Encodable, Sendable { let date: String; let place: String; let summary: String; let by: String; let problems: [ProblemRow] }
    struct ProblemRow: Encodable, Sendable { let id: Int; let problem: String; let owner: String; let answer: String?; let answeredOn: String? }

    @Sendable func standups(req: Request) async throws -> Response { try await renderStandups(req, seat: try await CensusSeat.load(req), input: [:], problems: []) }

    func renderStandups(_ req: Request, seat: CensusSeat, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let list = try await CensusStandup.query(on: req.db).filter(\.$campaignID == seat.campaignID).sort(\.$heldOn, .descending).sort(\.$id, .descending).limit(200).all()
        let raised = Dictionary(grouping: try await CensusProblem.query(on: req.db).filter(\.$standupID ~~ list.compactMap(\.id)).sort(\.$id).all(), by: \.standupID)
        let names = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: list.map(\.placeID), on: req.db).map { ($0.id, $0.name) })
        let canWrite = seat.member.kind != .enumerator
        var places: Picker?
        if canWrite {
            let options = try await [PlaceKind.subdistrict, .community].asyncFlatMap { try await RegistryDirectory.places($0, within: PlaceScope(paths: [seat.campaign.path]), on: req.db) }
            places = Picker(name: "placeID", label: "会议层级", options: options.map { .init(String($0.id), $0.name) }, selected: input["placeID"], ordered: true, error: problems.byField["placeID"])
        }
        var form = input
        if form["heldOn"] == nil { form["heldOn"] = BeijingTime.day(of: req.gongzhi.now()).description }
        let model = StandupModel(id: seat.campaignID, name: seat.campaign.name, canWrite: canWrite, standups: list.map { s in
            StandupRow(date: s.heldOn, place: names[s.placeID] ?? "", summary: s.summary, by: s.recordedBy, problems: (raised[s.id ?? 0] ?? []).map {
                ProblemRow(id: $0.id ?? 0, problem: $0.problem, owner: $0.owner, answer: $0.answer, answeredOn: $0.answeredOn) })
        }, places: places, input: form, errors: FormErrors(problems))
        return try await req.page("census/standups", title: "日碰头会", breadcrumbs: AreaController.crumbs(seat.campaign, "日碰头会"), model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func addStandup(req: Request) async throws -> Response {
        let seat = try await CensusSeat.load(req)
        guard seat.member.kind != .enumerator else { throw AppError.forbidden }
        struct Form: Content { var placeID: String?; var heldOn: String?; var summary: String?; var problems: String? }
        let form = try req.content.decode(Form.self)
        do {
            try await RecordsDesk.standup(placeID: form.placeID ?? "", heldOn: form.heldOn ?? "", summary: form.summary ?? "", problems: form.problems ?? "",
                                          seat: seat, author: try Author(req), on: req.db)
            return req.redirect(to: CensusPaths.standups(seat.campaignID), notice: "碰头会已记录。")
        } catch AppError.invalid(let problems) {
            return try await renderStandups(req, seat: seat, input: ["placeID": form.placeID ?? "", "heldOn": form.heldOn ?? "", "summary": form.summary ?? "",
                                                                     "problems": form.problems ?? ""], problems: problems)
        }
    }

    @Sendable func answer(req: Request) async throws -> Response {
        guard let problem = try await CensusProblem.find(try req.routeID(), on: req.db) else { throw AppError.forbidden }
        let seat = try await CensusSeat.load(req, campaignID: problem.campaignID)
        guard seat.member.kind != .enumerator else { throw AppError.forbidden }
        struct Form: Content { var answer: String? }
        do {
            try await RecordsDesk.answer(problem, text: try req.content.decode(Form.self).answer ?? "", author: try Author(req), on: req.db)
        } catch AppError.invalid(let problems) {
            throw AppError.badRequest(problems.first?.message ?? "请填写答复")
        }
        return req.redirect(to: CensusPaths.standups(seat.campaignID), notice: "已答复。")
    }

    // MARK: Publicity

    struct PublicityModel: Encodable, Sendable {
        let id: Int; let name: String; let canWrite: Bool; let subdistrict: Table; let communities: Table; let compounds: Table?; let community: Picker
        let records: Table; let channels: Picker?; let places: Picker?; let photoField: String; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func publicity(req: Request) async throws -> Response { try await renderPublicity(req, seat: try await CensusSeat.load(req), input: [:], problems: []) }

    func renderPublicity(_ req: Request, seat: CensusSeat, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let scope = PlaceScope(paths: [seat.campaign.path])
        let records = try await CensusPublicity.query(on: req.db).filter(\.$campaignID == seat.campaignID).sort(\.$doneOn).all()
        let done = Dictionary(grouping: records, by: { "\($0.placeID)|\($0.channel.rawValue)" })
        let communities = try await RegistryDirectory.places(.community, within: scope, on: req.db)
        let root = try await RegistryDirectory.places(.subdistrict, within: scope, on: req.db)
        let chosen = try req.queryID("community", label: "社区").flatMap { id in communities.first { $0.id == id } } ?? communities.first
        let matrix = { (places: [RegistryDirectory.PlaceEntry], level: PublicityLevel) -> Table in
            let channels = PublicityChannel.allCases.filter { $0.level == level }
            return Table(columns: .plain(["地点"] + channels.map(\.label)), rows: places.map { p in
                let cells = channels.map { c in Table.Cell(done["\(p.id)|\(c.rawValue)"]?.first.map { "✓ \($0.doneOn.suffix(5))" } ?? "—") }
                return Table.Row([.init(p.name)] + cells, attention: cells.contains { $0.text == "—" })
            })
        }
        let compounds = try await chosen.asyncMap { try await RegistryDirectory.places(.compound, within: PlaceScope(paths: [$0.path]), on: req.db) }
        let names = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.places(ids: records.map(\.placeID), on: req.db).map { ($0.id, $0.address.isEmpty ? $0.name : $0.address) })
        let canWrite = seat.member.kind != .enumerator
        var channels: Picker?, places: Picker?
        if canWrite {
            channels = Picker(name: "channel", label: "宣传方式", options: PublicityChannel.allCases.map { .init($0.rawValue, $0.label) }, selected: input["channel"],
                              empty: "请选择", ordered: true, error: problems.byField["channel"])
            let options = root + communities + (compounds ?? [])
            places = Picker(name: "placeID", label: "地点", options: options.map { .init(String($0.id), $0.address.isEmpty ? $0.name : $0.address) },
                            selected: input["placeID"], empty: "请选择", ordered: true, error: problems.byField["placeID"])
        }
        var form = input
        if form["doneOn"] == nil { form["doneOn"] = BeijingTime.day(of: req.gongzhi.now()).description }
        let model = PublicityModel(
            id: seat.campaignID, name: seat.campaign.name, canWrite: canWrite,
            subdistrict: matrix(root, PublicityLevel.subdistrict), communities: matrix(communities, PublicityLevel.community), compounds: compounds.map { matrix($0, PublicityLevel.compound) },
            community: Picker(name: "community", label: "楼院所在社区", options: communities.map { .init(String($0.id), $0.name) }, selected: chosen.map { String($0.id) }, ordered: true),
            records: Table(columns: .plain(["日期", "地点", "宣传方式", "说明", "照片", "记录人"]), rows: records.reversed().prefix(200).map { r in
                Table.Row([.init(r.doneOn), .init(names[r.placeID] ?? ""), .init(r.channel.label), .init(r.note),
                           .init(r.photoID == nil ? "" : "查看", link: r.photoID.map { PhotoPaths.photo($0) }), .init(r.recordedBy)]) }, emptyText: "还没有宣传记录"),
            channels: channels, places: places, photoField: PhotoUpload.field(label: "现场照片", error: problems.byField["photo"]), input: form, errors: FormErrors(problems))
        return try await req.page("census/publicity", title: "宣传", breadcrumbs: AreaController.crumbs(seat.campaign, "宣传"), model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct PublicityForm: Content { var channel: String?; var placeID: String?; var doneOn: String?; var note: String?; var photo: File?; var thumbnail: File? }

    @Sendable func addPublicity(req: Request) async throws -> Response {
        let seat = try await CensusSeat.load(req)
        guard seat.member.kind != .enumerator else { throw AppError.forbidden }
        let form = try req.content.decode(PublicityForm.self)
        do {
            let photo = try PhotoUpload.checked(form.photo, thumbnail: form.thumbnail)
            try await RecordsDesk.publicity(channel: form.channel ?? "", placeID: form.placeID ?? "", doneOn: form.doneOn ?? "", note: form.note ?? "",
                                            photo: photo, seat: seat, author: try Author(req), on: req.db)
            return req.redirect(to: CensusPaths.publicity(seat.campaignID), notice: "宣传已记录。")
        } catch AppError.invalid(let problems) {
            return try await renderPublicity(req, seat: seat, input: ["channel": form.channel ?? "", "placeID": form.placeID ?? "", "doneOn": form.doneOn ?? "", "note": form.note ?? ""],
                                             problems: problems)
        }
    }

    // MARK: The letter to every household

    struct Letter: Encodable, Sendable { let address: String }
    struct LettersModel: Encodable, Sendable {
        let name: String; let kind: String; let standardTime: String; let signer: String; let place: String; let enumerator: String?; let companions: String?; let letters: [Letter]; let date: String
    }

    /// 致住户一封信, one page per household of a building or entrance, addressed from the registry.
    @Sendable func letters(req: Request) async throws -> Response {
        let seat = try await CensusSeat.load(req)
        guard let id = try req.queryID("placeID", label: "楼栋"), let place = try await RegistryDirectory.places(ids: [id], on: req.db).first,
              [.building, .entrance, .compound].contains(place.kind), place.path.hasPrefix(seat.campaign.path)
        else { throw AppError.badRequest("请选择要打印的楼栋（placeID）") }
        let households = try await RegistryDirectory.householdPlaces(within: PlaceScope(paths: [place.path]), on: req.db)
        // The area's enumerator and companions, when one area holds the place.
        let part = try await CensusCounts.parts(seat.campaign, on: req.db).first { place.path.hasPrefix($0.path) }
        let area = try await part.asyncMap { try await CensusArea.find($0.areaID, on: req.db) } ?? nil
        let enumerator = try await area?.enumeratorID.asyncMap { try await CensusMember.find($0, on: req.db) } ?? nil
        let companions = try await area.asyncMap { try await CensusCompanion.query(on: req.db).filter(\.$areaID == $0.requireID()).all() } ?? []
        let signer = try await RegistryDirectory.places(ids: [seat.campaign.placeID], on: req.db).first?.name ?? ""
        let model = LettersModel(name: seat.campaign.name, kind: seat.campaign.kind.label, standardTime: CivilDate(typed: seat.campaign.standardTime)?.chinese ?? seat.campaign.standardTime,
                                 signer: "\(signer)普查领导小组",
                                 place: place.address, enumerator: enumerator?.name, companions: companions.map { "\($0.kind.label)\($0.name)" }.joined(separator: "、").nonEmpty,
                                 letters: households.map { Letter(address: $0.address) }, date: BeijingTime.day(of: req.gongzhi.now()).chinese)
        try await req.audit(action: "print-census-letters", target: CensusPaths.letters(seat.campaignID), detail: "打印致住户一封信\(households.count)份")
        return try await req.page("census/letters", title: "致住户一封信", breadcrumbs: AreaController.crumbs(seat.campaign, "致住户一封信"), model)
    }
}
