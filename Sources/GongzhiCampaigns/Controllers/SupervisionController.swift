import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Supervision items (督办) from special supervision and the secretaries' forum: each with its owner and deadline,
/// escalated to the subdistrict once late, put right with a note; the forum's sessions with their follow-ups; and
/// 亮赛比, the ranking of communities by outcomes.
struct SupervisionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.supervision, use: findings)
        routes.get(CampaignPaths.forums, use: forums)
        routes.get(CampaignPaths.ranking, use: ranking)
        let editors = routes.allow(Role.placeEditors)
        editors.post(CampaignPaths.supervision, use: addFinding)
        editors.post(CampaignPaths.rectify, use: rectify)
        routes.allow([.subdistrictWorker]).post(CampaignPaths.forums, use: recordForum)
    }

    // MARK: Findings

    struct FindingsModel: Encodable, Sendable {
        let figures: [Highlight.Figure]; let table: Table; let filters: [Picker]; let canAdd: Bool; let places: Picker?
        let open: [Open]?; let input: [String: String]; let errors: FormErrors; let photoField: String
        struct Open: Encodable, Sendable { let id: Int; let text: String; let late: Bool }
    }

    @Sendable func findings(req: Request) async throws -> Response { try await renderFindings(req, input: [:], problems: []) }

    func renderFindings(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let filter = try await CommunityFilter.read(req)
        let status = try req.queryChoice("status", FindingStatus.self, label: "状态")
        let today = BeijingTime.day(of: req.gongzhi.now())
        let all = try await Finding.query(on: req.db).within(filter.scope, \.$path).sort(\.$deadline).sort(\.$id).all()
        let shown = all.filter { status == nil || $0.status(today: today) == status }
        let addresses = try await RegistryDirectory.addresses(of: Set(shown.map(\.path)), on: req.db)
        let photos = try await PhotoUpload.photos(of: RhythmDesk.findingPhotos, records: shown.prefix(500).compactMap(\.id), on: req.db)
        let rows = shown.prefix(500).map { f in
            let s = f.status(today: today)
            return Table.Row([.init(f.text), .init(f.source.label), .init(addresses[f.path] ?? "—"), .init(f.owner), .init(f.foundOn), .init(f.deadline),
                              .init(s.label), .init(f.rectification.map { "\(f.rectifiedOn ?? "")：\($0)" } ?? ""),
                              .init(photos[f.id ?? 0]?.first.map { _ in "照片" } ?? "", link: photos[f.id ?? 0]?.first.map { PhotoPaths.photo($0) })], attention: s == .escalated)
        }
        let canAdd = user.hasAny(Role.placeEditors)
        var places: Picker?
        if canAdd {
            let options = try await [PlaceKind.community, .compound].asyncFlatMap { try await RegistryDirectory.places($0, within: user.scope(for: Role.placeEditors), on: req.db) }
            places = Picker(name: "placeID", label: "地点", options: options.map { .init(String($0.id), $0.address.isEmpty ? $0.name : $0.address) }, selected: input["placeID"],
                            empty: "请选择", error: problems.byField["placeID"])
        }
        let count = { (s: FindingStatus) in all.filter { $0.status(today: today) == s }.count }
        let model = FindingsModel(
            figures: [.init("督办事项", "\(all.count)项"), .init("整改中", "\(count(.open))项"), .init("逾期升级", "\(count(.escalated))项"), .init("已整改", "\(count(.rectified))项")],
            table: Table(columns: ["事项", "来源", "地点", "责任人", "发现日期", "整改期限", "状态", "整改情况", "照片"].map { .plain($0) }, rows: rows, emptyText: "没有督办事项"),
            filters: [filter.picker, Picker(name: "status", label: "状态", options: FindingStatus.allCases.map { .init($0.rawValue, $0.label) }, selected: status?.rawValue,
                                            empty: "全部", ordered: true)],
            canAdd: canAdd, places: places,
            open: canAdd ? try all.filter { $0.rectifiedOn == nil && user.scope(for: Role.placeEditors).contains($0.path) }.prefix(100)
                .map { .init(id: try $0.requireID(), text: "\($0.text)（\($0.owner)，期限\($0.deadline)）", late: $0.status(today: today) == .escalated) }.nonEmpty : nil,
            input: input.isEmpty ? ["foundOn": today.description] : input, errors: FormErrors(problems),
            photoField: PhotoUpload.field(label: "整改照片（可选）", error: nil))
        return try await req.page("campaigns/supervision", title: "专项督导", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init("专项督导")], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct FindingForm: Content { var placeID: String?; var text: String?; var owner: String?; var foundOn: String?; var deadline: String? }

    @Sendable func addFinding(req: Request) async throws -> Response {
        let form = try req.content.decode(FindingForm.self)
        let input = RhythmDesk.FindingInput(placeID: form.placeID ?? "", text: form.text ?? "", owner: form.owner ?? "", foundOn: form.foundOn ?? "", deadline: form.deadline ?? "")
        do {
            try await RhythmDesk.addFinding(input, source: .supervision, scope: try req.currentUser.scope(for: Role.placeEditors), author: try Author(req), on: req.db)
            return req.redirect(to: CampaignPaths.supervision.description, notice: "督办事项已登记。")
        } catch AppError.invalid(let problems) {
            return try await renderFindings(req, input: ["placeID": input.placeID, "text": input.text, "owner": input.owner, "foundOn": input.foundOn, "deadline": input.deadline],
                                            problems: problems)
        }
    }

    struct RectifyForm: Content { var rectifiedOn: String?; var rectification: String?; var photo: File?; var thumbnail: File? }

    @Sendable func rectify(req: Request) async throws -> Response {
        let finding = try await req.visible(Finding.self, path: \.$path)
        try req.currentUser.require(finding.path, roles: Role.placeEditors)
        let form = try req.content.decode(RectifyForm.self)
        let author = try Author(req)
        try await AppError.asOneMessage {
            let photo = try PhotoUpload.checked(form.photo, thumbnail: form.thumbnail)
            try await RhythmDesk.rectify(finding, on: form.rectifiedOn ?? author.today.description, how: form.rectification ?? "", photo: photo, author: author, on: req.db)
        }
        return req.redirect(to: CampaignPaths.supervision.description, notice: "已登记整改。")
    }

    // MARK: Forums

    struct ForumsModel: Encodable, Sendable {
        let sessions: [Session]?; let canRecord: Bool; let communities: [Choice]?; let slots: [Int]; let input: [String: String]; let errors: FormErrors
        struct Choice: Encodable, Sendable { let value: String; let label: String }
        struct Session: Encodable, Sendable { let heldOn: String; let theme: String; let speakers: String; let topics: String; let followUps: [String]? }
    }

    @Sendable func forums(req: Request) async throws -> Response { try await renderForums(req, input: [:], problems: []) }

    func renderForums(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let today = BeijingTime.day(of: req.gongzhi.now())
        let sessions = try await ForumSession.query(on: req.db).sort(\.$heldOn, .descending).limit(100).all().filter { scope.overlaps($0.path) }
        let follow = Dictionary(grouping: try await Finding.query(on: req.db).filter(\.$forumID ~~ sessions.compactMap(\.id)).all().filter { scope.overlaps($0.path) }, by: \.forumID)
        let subdistrict = try await RhythmController.subdistrict(req)
        let canRecord = user.hasAny(Role.placeEditors) && subdistrict.map { user.scope(for: Role.placeEditors).contains($0.path) } == true
        var communities: [ForumsModel.Choice]?
        if canRecord, let subdistrict {
            communities = try await RegistryDirectory.places(.community, within: PlaceScope(paths: [subdistrict.path]), on: req.db)
                .sorted { $0.sortOrder < $1.sortOrder }.map { .init(value: String($0.id), label: $0.name) }
        }
        let model = ForumsModel(
            sessions: sessions.map { s in
                .init(heldOn: s.heldOn, theme: s.theme, speakers: s.speakers, topics: s.topics,
                      followUps: (follow[s.id] ?? []).map { "\($0.text)（\($0.owner)，期限\($0.deadline)，\($0.status(today: today).label)）" }.nonEmpty)
            }.nonEmpty,
            canRecord: canRecord, communities: communities, slots: [0, 1, 2], input: input.isEmpty ? ["heldOn": today.description] : input, errors: FormErrors(problems))
        return try await req.page("campaigns/forums", title: "书记论坛", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init("书记论坛")], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func recordForum(req: Request) async throws -> Response {
        guard let subdistrict = try await RhythmController.subdistrict(req), try req.currentUser.scope(for: Role.placeEditors).contains(subdistrict.path) else {
            throw AppError.forbidden
        }
        let values = try req.content.decode([String: String].self)
        let followUps = (0..<3).map { i in
            RhythmDesk.FindingInput(placeID: values["f\(i)-placeID"] ?? "", text: values["f\(i)-text"] ?? "", owner: values["f\(i)-owner"] ?? "",
                                    deadline: values["f\(i)-deadline"] ?? "")
        }
        let input = RhythmDesk.ForumInput(heldOn: values["heldOn"] ?? "", theme: values["theme"] ?? "", speakers: values["speakers"] ?? "",
                                          topics: values["topics"] ?? "", followUps: followUps)
        do {
            try await RhythmDesk.recordForum(input, subdistrict: subdistrict, scope: try req.currentUser.scope(for: Role.placeEditors), author: try Author(req), on: req.db)
            return req.redirect(to: CampaignPaths.forums.description, notice: "书记论坛已记录，跟进事项已列入督办。")
        } catch AppError.invalid(let problems) {
            return try await renderForums(req, input: values.filter { $0.key != "_csrf" }, problems: problems)
        }
    }

    // MARK: 亮赛比

    struct RankingModel: Encodable, Sendable { let formula: String; let year: String; let table: Table; let years: [Picker] }

    @Sendable func ranking(req: Request) async throws -> Response {
        let today = BeijingTime.day(of: req.gongzhi.now())
        let year = try req.queryInt("year", in: 2000...2100, label: "年份") ?? today.year
        guard let subdistrict = try await RhythmController.subdistrict(req) else { throw AppError.forbidden }
        let scope = try req.currentUser.scope()
        let communities = try await RegistryDirectory.places(.community, within: PlaceScope(paths: [subdistrict.path]), on: req.db)
        let ranking = CommunityRanking()
        let ranked = ranking.rank(try await Outcomes.ranking(communities, year: year, today: today, on: req.db))
        let share = { (v: Double?) in v.map { String(format: "%.1f%%", $0 * 100) } ?? "暂无" }
        // The user's own community stands out (a subdistrict worker's are all of them: none does).
        let own = Set(communities.filter { scope.overlaps($0.path) }.map(\.name))
        let rows = ranked.map { r in
            Table.Row([.init(String(r.rank), numeric: true), .init(r.entry.name), .init(share(r.entry.onTime), numeric: true), .init(share(r.entry.review), numeric: true),
                       .init(share(r.entry.stars), numeric: true), .init(String(format: "%.1f", r.score), numeric: true)],
                      attention: own.contains(r.entry.name) && own.count < communities.count)
        }
        let model = RankingModel(formula: ranking.formula, year: "\(year)年",
                                 table: Table(columns: ["名次", "社区", "按期完成率", "观摩得分率", "星级楼组达标率", "得分"].enumerated().map { .plain($0.element, numeric: $0.offset != 1) }, rows: rows),
                                 years: [Picker(name: "year", label: "年份", options: (0..<5).map { String(today.year - $0) }.map { .init($0, "\($0)年") }, selected: String(year), ordered: true)])
        return try await req.page("campaigns/ranking", title: "亮赛比", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init("亮赛比")], model)
    }
}
