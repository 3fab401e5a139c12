import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// A resident's own pages, on a phone: the matters that concern their household (where they live now), their
/// household's opinion and its one ballot, changeable until the vote closes; nothing else of the registry.
struct ResidentMatterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(DeliberationPaths.myMatters, use: index)
        routes.get(DeliberationPaths.myMatter, use: show)
        routes.post(DeliberationPaths.myOpinion, use: giveOpinion)
        routes.post(DeliberationPaths.myBallot, use: vote)
    }

    /// The household the signed-in resident lives in now.
    func household(_ req: Request) async throws -> Int {
        guard let person = try req.currentUser.person, person.kind == .resident,
              let id = try await RegistryDirectory.householdID(ofResident: person.id, on: req.db) else { throw AppError.forbidden }
        return id
    }

    struct ListModel: Encodable, Sendable {
        struct Item: Encodable, Sendable { let id: Int; let title: String; let stage: String; let action: String? }
        let items: [Item]?
    }

    @Sendable func index(req: Request) async throws -> Response {
        let household = try await household(req)
        let ids = try await MatterHousehold.query(on: req.db).filter(\.$householdID == household).all().map(\.matterID)
        let matters = ids.isEmpty ? [] : try await Matter.query(on: req.db).filter(\.$id ~~ ids).sort(\.$id, .descending).all()
        let items = try matters.map { m in
            ListModel.Item(id: try m.requireID(), title: m.title, stage: m.stage.label,
                           action: m.stage == .soliciting ? "请提出意见" : m.stage == .voting ? "请投票" : nil)
        }
        return try await req.page("deliberation/mine", title: "我家的议事", breadcrumbs: [.init("我家的议事")], ListModel(items: items.nonEmpty))
    }

    struct Model: Encodable, Sendable {
        let id: Int; let title: String; let summary: String; let stage: String; let place: String; let rule: String; let law: String
        let plan: String?; let planVersion: Int?
        let canGiveOpinion: Bool; let opinion: String?
        let canVote: Bool; let closesOn: String?; let notOwner: Bool; let unit: String; let ballot: String?; let ballotChannel: String?; let paperBallot: Bool
        let conditions: [MatterPage.Condition]?; let passed: Bool?
        let notices: [MatterPage.NoticeLink]?
        let stances: [MatterPage.Option]; let choices: [MatterPage.Option]
        let errors: FormErrors
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req, problems: []) }

    /// The key under which the signed-in resident's vote counts: their household's, or as an owner under the Civil
    /// Code (their ID number names them among the owners; nil when they own no part in scope).
    func voter(_ req: Request, _ file: MatterFile, household: Int) async throws -> String? {
        if file.matter.residentsVote {
            guard let person = try req.currentUser.person else { return nil }
            let key = Electorate.key(resident: person.id)
            return file.electorate.weights[key] != nil ? key : nil
        }
        guard file.matter.rule.byOwners else { return Electorate.key(household: household) }
        guard let person = try req.currentUser.person, let hash = try await RegistryDirectory.ownerKey(ofResident: person.id, on: req.db) else { return nil }
        let key = ExclusivePart(dwellingID: 0, area: 0, owner: hash).voterKey
        return file.electorate.weights[key] != nil ? key : nil
    }

    func load(_ req: Request) async throws -> (MatterFile, household: Int) {
        let household = try await household(req)
        let id = try req.routeID()
        // A matter that does not concern the household is answered as one that does not exist.
        guard try await MatterHousehold.query(on: req.db).filter(\.$matterID == id).filter(\.$householdID == household).count() > 0,
              let matter = try await Matter.find(id, on: req.db) else { throw AppError.forbidden }
        return (try await MatterFile.load(matter, today: BeijingTime.day(of: req.gongzhi.now()), on: req.db), household)
    }

    func render(_ req: Request, problems: [FieldProblem]) async throws -> Response {
        let (file, household) = try await load(req)
        let matter = file.matter
        let voter = try await voter(req, file, household: household)
        let opinion = file.opinions.first { $0.householdID == household }
        let ballot = voter.flatMap { key in file.ballots.first { $0.voter == key } }
        let place = try await RegistryDirectory.places(ids: [matter.placeID], on: req.db).first
        let result = MatterResult.from(matter.result)
        let conditions = (result?.conditions ?? []).map(MatterPage.Condition.init)
        let showsPlan = matter.stage != .soliciting
        let model = Model(
            id: file.id, title: matter.title, summary: matter.summary, stage: matter.stage.label, place: place?.address ?? "",
            rule: matter.rule.label, law: matter.rule.law,
            plan: showsPlan ? file.currentPlan?.text : nil, planVersion: showsPlan ? file.currentPlan?.version : nil,
            canGiveOpinion: matter.stage == .soliciting,
            opinion: opinion.map { "\($0.stance.label)" + ($0.text.isEmpty ? "" : "：\($0.text)") + "（\($0.givenBy)，\($0.channel.label)）" },
            canVote: voter != nil && file.voteIsOpen && ballot?.channel != .paper, closesOn: matter.voteClosesOn,
            notOwner: voter == nil, unit: matter.rule.byOwners ? "位业主" : matter.residentsVote ? "人" : "户",
            ballot: ballot?.choice.label, ballotChannel: ballot.map { "\($0.castBy)，\($0.channel.label)，\(BeijingTime.format(seconds: $0.recordedAt))" },
            paperBallot: ballot?.channel == .paper && file.voteIsOpen,
            conditions: conditions.nonEmpty, passed: result?.passed,
            notices: try file.notices.map { MatterPage.NoticeLink(id: try $0.requireID(), title: $0.title, kind: $0.kind.label, period: $0.period, hash: String($0.hash.prefix(16)), openObjections: 0) }.nonEmpty,
            stances: MatterOpinion.Stance.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            choices: MatterBallot.Choice.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            errors: FormErrors(problems))
        return try await req.page("deliberation/my-matter", title: matter.title,
                                  breadcrumbs: [.init("我家的议事", DeliberationPaths.myMatters.description), .init(matter.title)], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct OpinionForm: Content { var stance: String; var text: String? }

    @Sendable func giveOpinion(req: Request) async throws -> Response {
        let (file, household) = try await load(req)
        let form = try req.content.decode(OpinionForm.self)
        do {
            try await MatterDesk.recordOpinion(.init(householdID: household, stance: form.stance, text: form.text ?? "", givenBy: try req.currentUser.displayName),
                                               file: file, channel: .online, author: try MatterDesk.Author(req), on: req.db)
        } catch AppError.invalid(let problems) { return try await render(req, problems: problems) }
        return req.redirect(to: DeliberationPaths.myMatter(file.id), notice: "您的意见已提交，谢谢参与。")
    }

    struct BallotForm: Content { var choice: String }

    @Sendable func vote(req: Request) async throws -> Response {
        let (file, household) = try await load(req)
        let form = try req.content.decode(BallotForm.self)
        guard let voter = try await voter(req, file, household: household) else {
            throw AppError.conflict(file.matter.rule.byOwners ? "您不是本事项范围内房屋的登记业主，不能投票；业主本人请到社区投纸质票"
                                    : "您不在本次居民会议的表决名单中")
        }
        let changed = file.ballots.contains { $0.voter == voter }
        do {
            try await MatterDesk.castBallot(.init(voter: voter, choice: form.choice, castBy: try req.currentUser.displayName),
                                            file: file, channel: .online, author: try MatterDesk.Author(req), on: req.db)
        } catch AppError.invalid(let problems) { return try await render(req, problems: problems) }
        let choice = MatterBallot.Choice(rawValue: form.choice)?.label ?? ""
        return req.redirect(to: DeliberationPaths.myMatter(file.id),
                            notice: changed ? "已改为“\(choice)”。截止日前仍可修改，原投票记录保留。" : "已投票：“\(choice)”。截止日（\(file.matter.voteClosesOn ?? "")）前仍可修改。")
    }
}
