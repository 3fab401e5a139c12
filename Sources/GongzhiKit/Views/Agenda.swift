import Fluent
import GongzhiCore

/// What is waiting for the signed-in person, from every module, on their home page: a cadre's open tasks (the
/// overdue first), a leader's due self-check. Each item links to where it is done.
public struct AgendaItem: Sendable, Encodable {
    public let text: String
    public let link: String
    /// Past its deadline: shown first, and marked.
    public let late: Bool
    public init(_ text: String, link: String, late: Bool = false) { self.text = text; self.link = link; self.late = late }
}

/// A module's part of a person's agenda, on the day given.
public typealias AgendaSource = @Sendable (any Database, CurrentUser, CivilDate) async throws -> [AgendaItem]

/// Who answers for a place, from every module: a building's 包楼 cadre, its group's leader. The registry shows
/// them on the place's page and a household's.
public struct PlaceContact: Sendable, Encodable {
    public let label: String
    public let name: String
    public init(_ label: String, _ name: String) { self.label = label; self.name = name }
}

public typealias ContactSource = @Sendable (any Database, _ placePath: String) async throws -> [PlaceContact]

/// A person's agenda while no record changes and the day is the same: the home page is opened again and again. One
/// entry per person (the day is part of the revision, not of the key).
struct AgendaKey: Hashable, Sendable { let user: Int; let grants: [String] }

extension Gongzhi {
    /// The person's agenda from every module, the late first; `revision` (`DataRevision.total`) when the caller has it.
    public func agenda(for user: CurrentUser, today: CivilDate, revision: Int? = nil, on db: any Database) async throws -> [AgendaItem] {
        let key = AgendaKey(user: user.id, grants: user.grants.map { "\($0.role.rawValue)@\($0.placePath)" }.sorted())
        let sources = agendaSources
        let current: Int
        if let revision { current = revision } else { current = try await DataRevision.total(on: db) }
        return try await agendaCache.value(key, revision: current &* 100_000 &+ today.daysSince1970) {
            var items: [AgendaItem] = []
            for source in sources { items += try await source(db, user, today) }
            return items.filter(\.late) + items.filter { !$0.late }
        }
    }

    /// Who answers for the place at `path` (or the places holding it).
    public func contacts(at path: String, on db: any Database) async throws -> [PlaceContact] {
        var result: [PlaceContact] = []
        for source in contactSources { result += try await source(db, path) }
        return result
    }

    /// The agenda as a card (nothing when empty), drawn here like the highlight cards.
    public static func agendaCard(_ items: [AgendaItem], limit: Int = 8) -> String {
        guard !items.isEmpty else { return "" }
        let e = HTML.escape
        var out = "<section class=\"card agenda\" id=\"agenda\"><h2>我的待办</h2><ul>"
        for item in items.prefix(limit) {
            out += "<li\(item.late ? " class=\"late\"" : "")><a href=\"\(e(item.link))\">\(e(item.text))</a>\(item.late ? "<span class=\"badge late\">已逾期</span>" : "")</li>"
        }
        if items.count > limit { out += "<li class=\"muted\">还有\(items.count - limit)项</li>" }
        return out + "</ul></section>"
    }
}
