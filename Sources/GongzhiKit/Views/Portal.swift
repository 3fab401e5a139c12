import Fluent
import GongzhiCore

/// A module's part of the public portal (`/` without sign-in): a titled list of what the public may read — never a
/// person's name, ID or phone number. Registered by a module as `GongzhiModule.portal`.
public struct PortalSection: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public let title: String
        public let meta: String
        public let text: String?
        public let link: String?
        public init(title: String, meta: String, text: String? = nil, link: String? = nil) { self.title = title; self.meta = meta; self.text = text; self.link = link }
    }
    public let title: String
    /// nil when there is none (a template reads an empty list as present).
    public let items: [Item]?
    /// Where the whole list is, if anywhere.
    public let more: String?
    public let emptyText: String
    public init(title: String, items: [Item], more: String? = nil, emptyText: String) {
        self.title = title; self.items = items.nonEmpty; self.more = more; self.emptyText = emptyText
    }
}

/// A module's portal section for the subdistrict at `path` on `today`.
public typealias PortalSource = @Sendable (_ db: any Database, _ path: String, _ today: CivilDate) async throws -> PortalSection?
