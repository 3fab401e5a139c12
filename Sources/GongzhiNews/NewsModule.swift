import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// News (动态): items workers write for the public portal — title, body, photos, date, the author's credit — read by
/// anyone, with an Atom feed of the news and the public notices together.
public enum NewsModule: GongzhiModule {
    public static let name = "news"
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static let migrations: [any Migration] = [CreateNews()]
    public static let addresses = NewsPaths.all
    public static let navigation = [NavItem("动态", path: NewsPaths.news, roles: Role.placeEditors)]
    public static let portal: PortalSource? = { db, path, _ in
        let items = try await NewsItem.query(on: db).within(PlaceScope(paths: [path]), \.$path).sort(\.$publishedOn, .descending).sort(\.$id, .descending).limit(6).all()
        return PortalSection(title: "社区动态", items: try items.map { n in
            PortalSection.Item(title: n.title, meta: "\(n.publishedOn) · \(n.credit)", text: String(n.body.prefix(80)) + (n.body.count > 80 ? "…" : ""),
                               link: NewsPaths.item(try n.requireID()))
        }, more: NewsPaths.news.description, emptyText: "尚无动态")
    }

    public static func routes(_ routes: any RoutesBuilder) throws { try routes.register(collection: NewsController()) }

    public static func loadDemo(on db: any Database, demo: DemoContext) async throws { try await NewsDemo.load(on: db, demo: demo) }
}

public enum NewsPaths {
    public static let news = Address("news", "/news")
    public static let item = Address("newsItem", "/news/:id")
    public static let photo = Address("newsPhoto", "/news/:id/photos/:photo")
    /// The editor's preview: the item as it will read, the form kept.
    public static let preview = Address("newsPreview", "/news/preview")
    public static let feed = Address("feed", "/feed.atom")
    static let all = [news, item, photo, preview, feed]
}
