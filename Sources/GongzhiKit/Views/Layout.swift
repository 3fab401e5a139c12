import Vapor

/// What the one layout shows around every page: who is signed in, the modules they may use, where they are.
public struct Layout: Encodable, Sendable {
    public struct Crumb: Encodable, Sendable {
        public let title: String
        public let link: String?
        public init(_ title: String, _ link: String? = nil) { self.title = title; self.link = link }
    }
    public struct NavLink: Encodable, Sendable { let title: String; let path: String; let active: Bool }

    public let title: String
    public let userName: String?
    public let roleLabels: String?
    public let nav: [NavLink]
    /// Nil on pages without any (Leaf shows an empty list as present).
    public let breadcrumbs: [Crumb]?
    public let demo: Bool
    /// Every POST form repeats it (`CSRFProtection`).
    public let csrf: String
    /// What the write before this page did (`Request.redirect(to:notice:)`), shown once.
    public let notice: String?
    /// The printed page's header: where in the subdistrict, when, by whom.
    public let place: String
    public let printedAt: String
    /// The page was asked for in full to print (`?print=all`): the browser's print dialog opens.
    public let printing: Bool

    public static func make(for req: Request, title: String, breadcrumbs: [Crumb] = []) async throws -> Layout {
        let user = req.currentUserIfAny
        let path = req.url.path
        let allowed = req.gongzhi.navigation.filter { item in user?.hasAny(item.roles) ?? false }
        let nav = (allowed.filter(\.personal) + allowed.filter { !$0.personal })
            .map { NavLink(title: $0.title, path: $0.path, active: path == $0.path || path.hasPrefix($0.path + "/")) }
        let demo = try await req.gongzhi.demoFlag.value { try await Setting.get("demo", on: req.db) == "true" }
        return Layout(title: title, userName: user?.displayName, roleLabels: user?.roleLabels,
                      nav: nav, breadcrumbs: breadcrumbs.nonEmpty, demo: demo, csrf: req.formToken, notice: req.notice,
                      place: breadcrumbs.dropLast().map(\.title).joined(separator: " › "), printedAt: BeijingTime.format(req.gongzhi.now()),
                      printing: req.query[String.self, at: "print"].flatMap(PrintMode.init(rawValue:)) == .all)
    }
}

/// The model of one rendered page: the layout plus that page's own content.
public struct Page<Content: Encodable & Sendable>: Encodable, Sendable {
    public let layout: Layout
    public let content: Content
    public init(layout: Layout, content: Content) { self.layout = layout; self.content = content }
}

extension Request {
    /// Renders `template` inside the layout.
    public func page<Content: Encodable & Sendable>(_ template: String, title: String, breadcrumbs: [Layout.Crumb] = [],
                                                   _ content: Content, status: HTTPResponseStatus = .ok) async throws -> Response {
        let layout = try await Layout.make(for: self, title: title, breadcrumbs: breadcrumbs)
        let view = try await self.view.render(template, Page(layout: layout, content: content))
        let response = try await view.encodeResponse(status: status, for: self)
        attachAnonymousToken(to: response)
        Notice.consumed(by: self, response)
        return response
    }
}
