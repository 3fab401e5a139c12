import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The matters as JSON (in the OpenAPI document): the list within the caller's places, and one matter with its
/// stages, what the next stage waits for, its opinions, meetings, plan versions, tally against the rule, and notices.
struct MatterAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(DeliberationPaths.API.matters, use: list)
        routes.get(DeliberationPaths.API.matter, use: show)
    }

    struct MatterDTO: Content {
        let id: Int, title: String, summary: String, placeID: Int, place: String, rule: VoteRule, stage: String, stageLabel: String, voteClosesOn: String?
    }

    @Sendable func list(req: Request) async throws -> [MatterDTO] {
        let matters = try await Matter.query(on: req.db).within(try req.currentUser.scope(), \.$path).sort(\.$id, .descending).limit(1_000).all()
        let places = Dictionary(try await RegistryDirectory.places(ids: Array(Set(matters.map(\.placeID))), on: req.db).map { ($0.id, $0.address) }) { a, _ in a }
        return try matters.map { try Self.dto($0, place: places[$0.placeID] ?? "") }
    }

    static func dto(_ m: Matter, place: String) throws -> MatterDTO {
        MatterDTO(id: try m.requireID(), title: m.title, summary: m.summary, placeID: m.placeID, place: place, rule: m.rule, stage: m.stage.rawValue,
                  stageLabel: m.stage.label, voteClosesOn: m.voteClosesOn)
    }

    struct DetailDTO: Content {
        struct Opinions: Content { let households: Int, asked: Int, notAsked: Int, support: Int, oppose: Int, suggestion: Int }
        struct Meeting: Content { let kind: MeetingKind, heldOn: String, due: Int, present: Int, agreed: Bool }
        struct Plan: Content { let version: Int, text: String, note: String, writtenAt: Int }
        struct Tally: Content { let eligible: VoteCount, participated: VoteCount, inFavour: VoteCount, conditions: [VoteCondition], passed: Bool, final: Bool }
        struct Notice: Content { let id: Int, kind: NoticeKind, title: String, runsFrom: String, runsUntil: String, hash: String }
        let matter: MatterDTO
        let missing: [String]
        let opinions: Opinions
        let meetings: [Meeting]
        let plans: [Plan]
        let tally: Tally
        let notices: [Notice]
    }

    @Sendable func show(req: Request) async throws -> DetailDTO {
        let matter = try await req.visible(Matter.self, path: \.$path)
        let file = try await MatterFile.load(matter, today: BeijingTime.day(of: req.gongzhi.now()), on: req.db)
        let ids = try file.notices.map { try $0.requireID() }
        let objections = ids.isEmpty ? [] : try await NoticeObjection.query(on: req.db).filter(\.$noticeID ~~ ids).all()
        let place = try await RegistryDirectory.places(ids: [matter.placeID], on: req.db).first?.address ?? ""
        let tally = file.tally
        // After the close, the frozen result; before, the running count.
        let frozen = MatterResult.from(matter.result)
        let conditions = frozen?.conditions ?? file.outcome.conditions
        return DetailDTO(
            matter: try Self.dto(matter, place: place), missing: file.missing(objections: objections),
            opinions: .init(households: file.households.count, asked: file.askedHouseholds.count, notAsked: file.notAsked.count,
                            support: file.opinions(.support), oppose: file.opinions(.oppose), suggestion: file.opinions(.suggestion)),
            meetings: file.meetings.map { .init(kind: $0.kind, heldOn: $0.heldOn, due: $0.due, present: $0.present, agreed: $0.agreed) },
            plans: file.plans.map { .init(version: $0.version, text: $0.text, note: $0.note, writtenAt: $0.writtenAt) },
            tally: .init(eligible: frozen?.eligible ?? tally.eligible, participated: frozen?.participated ?? tally.participated, inFavour: tally.inFavour,
                         conditions: conditions, passed: frozen?.passed ?? file.outcome.passed, final: frozen != nil),
            notices: try file.notices.map { .init(id: try $0.requireID(), kind: $0.kind, title: $0.title, runsFrom: $0.runsFrom, runsUntil: $0.runsUntil, hash: $0.hash) })
    }
}
