import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's matters, carried through the same desk a worker uses, day by day (invented matters; the article names
/// only the place and the procedure): at 纬五路13号院 a play square carried from opinions to the result notice, a
/// lighting plan now being voted on, and a charging shed open for opinions; at another compound a parking plan that
/// failed its threshold.
enum DeliberationDemo {
    static func load(on db: any Database, demo: DemoContext) async throws {
        let all = PlaceScope(paths: ["/"])
        let compounds = try await RegistryDirectory.places(.compound, within: all, on: db)
        guard let weiwu = compounds.first(where: { $0.name == "纬五路13号院" }) else { return }
        let today = BeijingTime.day(of: demo.gongzhi.now())
        let story = Story(db: db, demo: demo, today: today)

        // Carried from 征 to the result notice, 120 days ago to 15 days ago.
        try await story.carry(
            title: "纬五路13号院儿童活动广场改造", place: weiwu, rule: .largeMajority, start: -120,
            summary: "院内东侧空地长期堆放杂物，拟清理后改造为儿童活动广场，铺设塑胶地面、安装滑梯和休息座椅，费用由共建单位和街道共同承担。",
            plans: ["清理东侧空地，铺设塑胶地面约300平方米，安装组合滑梯一套、座椅六组，开放时间7:00—21:00。",
                    "清理东侧空地，铺设塑胶地面约300平方米，安装组合滑梯一套、座椅六组、遮阳棚一处；开放时间7:00—21:00，21:00后关闭照明以免扰民。"],
            inFavour: 0.85, until: .concluded)
        // Being voted on now.
        try await story.carry(
            title: "纬五路13号院楼道照明改造", place: weiwu, rule: .largeMajority, start: -30,
            summary: "各楼栋楼道灯具老化，拟统一更换为声控节能灯，费用由维修资金以外的街道微实事资金承担。",
            plans: ["全院楼道更换声控LED灯具，每层一盏，由社区统一采购安装。"], inFavour: 0.5, until: .voting)
        // An owners' matter under the Civil Code, being voted on: a lift for the first building.
        if let building = try await RegistryDirectory.places(.building, within: PlaceScope(paths: [weiwu.path]), on: db).first {
            try await story.carry(
                title: "纬五路13号院\(building.name)加装电梯", place: building, rule: .ownersMajor, start: -28,
                summary: "\(building.name)为多层住宅，老年住户多，拟加装电梯一部。加装电梯属于改建，由本楼业主共同决定：参与表决的专有部分面积和人数均须达到三分之二以上，其中同意的面积和人数均须达到参与表决的四分之三以上。",
                plans: ["在\(building.name)北侧加装电梯一部，平层入户；费用按楼层分摊，一层住户不分摊并获适当补偿。"], inFavour: 0.8, until: .voting)
        }
        // Open for opinions.
        try await story.carry(
            title: "纬五路13号院电动自行车充电棚选址", place: weiwu, rule: .largeMajority, start: -5,
            summary: "为消除楼道充电隐患，拟在院内建设集中充电棚，现征求各户对选址和收费方式的意见。",
            plans: [], inFavour: 0, until: .soliciting)
        // Failed its threshold: another compound of the same community, 60% in favour where 2/3 were needed.
        if let other = compounds.first(where: { $0.path.hasPrefix(PlaceScope.ids(in: weiwu.path).dropLast().reduce("/") { $0 + "\($1)/" }) && $0.id != weiwu.id }) {
            try await story.carry(
                title: "\(other.name)增划地面停车位", place: other, rule: .largeMajority, start: -70,
                summary: "拟将院内部分绿地改为地面停车位，以缓解停车难。",
                plans: ["将院内北侧绿地约200平方米改为停车位12个，按月收取停车管理费。"], inFavour: 0.6, until: .rejected)
        }
    }

    /// One matter's story, written through `MatterDesk` as the days pass.
    struct Story {
        let db: any Database
        let demo: DemoContext
        let today: CivilDate

        func author(_ day: Int, hour: Int = 10) -> MatterDesk.Author { demo.author(day, hour: hour, name: "社区工作人员（演示）") }

        func reload(_ matter: Matter, on day: Int) async throws -> MatterFile {
            try await MatterFile.load(try await Matter.find(try matter.requireID(), on: db)!, today: today.adding(days: day), on: db)
        }

        func advance(_ matter: Matter, on day: Int, closesOn: CivilDate? = nil) async throws {
            let author = author(day, hour: 16)
            _ = try await MatterDesk.advance(try await reload(matter, on: day), objections: [], closesOn: closesOn?.description, author: author, on: db) { draft, db in
                try await NoticesModule.publish(draft, demo: demo, at: author.now, on: db)
            }
        }

        func carry(title: String, place: RegistryDirectory.PlaceEntry, rule: VoteRule, start: Int, summary: String, plans: [String],
                   inFavour: Double, until last: MatterStage) async throws {
            guard try await !RegistryDirectory.households(within: PlaceScope(paths: [place.path]), adultsOn: today, on: db).isEmpty else { return }
            let matter = try await MatterDesk.open(.init(title: title, summary: summary, placeIDs: [String(place.id)], householdCodes: "",
                                                         rule: rule.rawValue, form: AssemblyForm.households.rawValue),
                                                   scope: PlaceScope(paths: ["/"]), author: author(start), on: db)
            var file = try await reload(matter, on: start + 1)
            guard !file.households.isEmpty else { return }
            let adults = try await RegistryDirectory.residents(bornOnOrBefore: today.adding(years: -18).description, within: PlaceScope(paths: [place.path]),
                                                               limit: 400, on: db)
            let byPath = Dictionary(grouping: adults, by: \.path)
            func adult(of h: RegistryDirectory.HouseholdEntry) -> String { byPath[h.path]?.first?.name ?? "户代表" }
            // 征: most households asked door to door over a week, a few online; the open matter has only begun.
            let share = last == .soliciting ? 0.3 : 0.9
            // Written in one statement (the demo is loaded for every test; the desk's checks are the tests' own business).
            var opinions = BulkInsert(MatterOpinion.schema, columns: ["matter_id", "household_id", "path", "stance", "text", "channel", "given_by", "recorded_by", "recorded_at"])
            for (i, h) in file.households.enumerated() where Double(i % 10) < share * 10 {
                let stance: MatterOpinion.Stance = i % 7 == 3 ? .suggestion : i % 9 == 4 ? .oppose : .support
                opinions.append([file.id, h.id, h.path, stance.rawValue, stance == .suggestion ? "希望施工避开午休时间" : "",
                                 (i % 5 == 0 ? Channel.online : .paper).rawValue, adult(of: h), 0, author(start + 1 + i % 7).seconds])
            }
            if !opinions.rows.isEmpty { _ = try await opinions.run(on: db) }
            if last == .soliciting { return }
            for (v, text) in plans.enumerated() {
                _ = try await MatterDesk.savePlan(text: text, note: v == 0 ? "根据入户意见拟定" : "根据两委商议意见修改", file: try await reload(matter, on: start + 9 + v * 7),
                                                  author: author(start + 9 + v * 7), on: db)
            }
            try await advance(matter, on: start + 10)
            // 三议: the party organisation proposes, the committees consult, the representatives review.
            for (n, kind) in MeetingKind.allCases.enumerated() {
                let day = start + 11 + n * 7
                let attendees = Array(adults.prefix(7 + n * 2).map(\.id))
                let guests = kind == .committeeConsultation || attendees.isEmpty ? "物业项目经理、共建单位代表" : ""
                let present = attendees.count + (guests.isEmpty ? 0 : 2)
                try await MatterDesk.recordMeeting(.init(kind: kind.rawValue, heldOn: today.adding(days: day).description, due: String(present + present / 4),
                                                         attendeeIDs: attendees, guests: guests,
                                                         minutes: "\(kind.label)讨论了入户征求的意见和方案，同意提交下一环节。", agreed: true),
                                                   file: try await reload(matter, on: day), scope: PlaceScope(paths: [place.path]), author: author(day), on: db)
                try await advance(matter, on: day + 1, closesOn: kind == .representativesReview ? today.adding(days: last == .voting ? 10 : day + 10) : nil)
            }
            // 决: one ballot per household, on paper or online; the first in favour, a tenth against, a twentieth abstaining.
            let voteStart = start + 26
            file = try await reload(matter, on: min(voteStart, 0))
            let voters = file.electorate.ordered.map(\.key)
            let n = voters.count
            let yes = Int((Double(n) * inFavour).rounded(inFavour > 0.7 ? .up : .down))
            let changes = last == .concluded && n > 1
            func castBy(_ voter: String) -> String {
                if let h = file.households.first(where: { Electorate.key(household: $0.id) == voter }) { return adult(of: h) }
                return file.parts.first { $0.part.voterKey == voter }?.ownerName ?? "开发建设单位代表"
            }
            let weights = file.electorate.weights
            var ballots = BulkInsert(MatterBallot.schema, columns: ["matter_id", "voter", "household_id", "path", "choice", "channel", "area", "cast_by", "recorded_by", "recorded_at"])
            for (i, voter) in voters.enumerated() {
                let choice: MatterBallot.Choice? = changes && i == 0 ? .against : i < yes ? .inFavour : i < yes + max(1, n / 10) ? .against : i < yes + max(1, n / 10) + n / 20 ? .abstain : nil
                guard let choice, last != .voting || i % 3 == 0 else { continue }
                let household = file.households.first { Electorate.key(household: $0.id) == voter }
                let path = household?.path ?? file.parts.first { $0.part.voterKey == voter }?.path ?? file.matter.path
                ballots.append([file.id, voter, household?.id, path, choice.rawValue, (i % 4 == 1 && !rule.byOwners ? Channel.online : .paper).rawValue,
                                weights[voter]?.area ?? 0, castBy(voter), 0, author(min(voteStart + i % 8, 0)).seconds])
            }
            if !ballots.rows.isEmpty { _ = try await ballots.run(on: db) }
            if last == .voting { return }
            // One household changes its mind before the vote closes: its first ballot is kept.
            if changes, let first = voters.first {
                let current = try await reload(matter, on: voteStart + 8)
                if let ballot = current.ballots.first(where: { $0.voter == first }) {
                    try await MatterDesk.castBallot(.init(voter: ballot.voter, choice: MatterBallot.Choice.inFavour.rawValue, castBy: ballot.castBy),
                                                    file: current, channel: ballot.channel, author: author(voteStart + 8), on: db)
                }
            }
            try await advance(matter, on: start + 37)
            if last == .rejected { return }
            // 两公开: the notice ran 7 days without objection; carried out, then the result published.
            try await advance(matter, on: start + 45)
            for (day, percent, text) in [(60, 30, "清理杂物、平整场地"), (80, 70, "铺设塑胶地面，安装滑梯和座椅"), (100, 100, "遮阳棚安装完成，广场开放")] {
                try await MatterDesk.recordProgress(day: today.adding(days: start + day).description, text: text, percent: String(percent),
                                                    file: try await reload(matter, on: start + day), author: author(start + day), on: db)
            }
            try await advance(matter, on: start + 105)
        }
    }
}
