import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The campaign's own records besides the visits: daily stand-ups with the problems raised there, and publicity.
enum RecordsDesk {
    /// A stand-up at the subdistrict or a community; each line of `problems` is "问题｜负责人".
    static func standup(placeID: String, heldOn: String, summary: String, problems lines: String, seat: CensusSeat, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let place = try await Bounded.id(placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if place == nil || ![.subdistrict, .community].contains(place!.kind) || !place!.path.hasPrefix(seat.campaign.path) {
            problems.append(FieldProblem("placeID", "请选择街道或本街道的社区"))
        }
        let day = DateRule("日期").notAfter(author.today, "今天").check(heldOn, field: "heldOn", into: &problems)
        let summary = TextRule.note("会议纪要", max: 2000, required: true).check(summary, field: "summary", into: &problems)
        var raised: [(String, String)] = []
        let given = lines.split(whereSeparator: \.isNewline).map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        for (i, line) in given.prefix(50).enumerated() {
            let cells = line.split(whereSeparator: { $0 == "｜" || $0 == "|" }).map { String($0).trimmedSpaces }
            guard cells.count == 2, !cells[0].isEmpty, !cells[1].isEmpty, cells[0].count <= 200, cells[1].count <= 40 else {
                problems.append(FieldProblem("problems", "第\(i + 1)行应写成“问题｜负责人”（问题不超过200字，负责人不超过40字）")); break
            }
            raised.append((cells[0], cells[1]))
        }
        guard problems.isEmpty, let place, let day, let summary else { throw AppError.invalid(problems) }
        let list = raised
        try await db.transaction { db in
            let s = CensusStandup()
            s.campaignID = seat.campaignID; s.placeID = place.id; s.path = place.path; s.heldOn = day.description; s.summary = summary; s.recordedBy = author.name
            try await s.create(on: db)
            for (problem, owner) in list {
                let p = CensusProblem()
                p.campaignID = seat.campaignID; p.standupID = try s.requireID(); p.problem = problem; p.owner = owner
                try await p.create(on: db)
            }
            try await DataRevision.bump(CensusModule.name, on: db)
        }
    }

    static func answer(_ problem: CensusProblem, text: String, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let answer = TextRule.note("答复", max: 500, required: true).check(text, field: "answer", into: &problems)
        guard problems.isEmpty, let answer else { throw AppError.invalid(problems) }
        problem.answer = answer; problem.answeredOn = author.today.description
        try await problem.update(on: db)
        try await DataRevision.bump(CensusModule.name, on: db)
    }

    /// A channel used at a place of its level (a banner hangs in a compound, the film is the subdistrict's), with its photo.
    static func publicity(channel: String, placeID: String, doneOn: String, note: String, photo: PhotoUpload?, seat: CensusSeat, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let channel = PublicityChannel(rawValue: channel)
        if channel == nil { problems.append(FieldProblem("channel", "请选择宣传方式")) }
        let place = try await Bounded.id(placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if place == nil || !place!.path.hasPrefix(seat.campaign.path) { problems.append(FieldProblem("placeID", "请选择本街道的地点")) }
        if let channel, let place, place.kind.rawValue != channel.level.rawValue {
            let where_ = ["subdistrict": "街道", "community": "社区", "compound": "楼院"][channel.level.rawValue] ?? ""
            problems.append(FieldProblem("placeID", "“\(channel.label)”按\(where_)记录，请选择\(where_)"))
        }
        let day = DateRule("日期").notAfter(author.today, "今天").check(doneOn, field: "doneOn", into: &problems)
        let note = TextRule.note("说明", max: 200).check(note, field: "note", into: &problems)
        guard problems.isEmpty, let channel, let place, let day else { throw AppError.invalid(problems) }
        try await db.transaction { db in
            let p = CensusPublicity()
            p.campaignID = seat.campaignID; p.placeID = place.id; p.path = place.path; p.channel = channel; p.doneOn = day.description
            p.note = note ?? ""; p.recordedBy = author.name
            try await p.create(on: db)
            if let photo {
                p.photoID = try await photo.store(module: CensusModule.name, record: try p.requireID(), path: place.path, by: author.name, at: author.now, on: db).requireID()
                try await p.update(on: db)
            }
            try await DataRevision.bump(CensusModule.name, on: db)
        }
    }
}
