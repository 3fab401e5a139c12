import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// News for the public, written by community workers in a plain editor with a preview.
struct NewsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.allow(.anyone)
        open.get(NewsPaths.news, use: index)
        open.get(NewsPaths.item, use: show)
        open.get(NewsPaths.photo, use: photo)
        open.get(NewsPaths.feed, use: feed)
        let editors = routes.allow(Role.placeEditors)
        editors.post(NewsPaths.news, use: publish)
        editors.post(NewsPaths.preview, use: preview)
    }

    struct Item: Encodable, Sendable { let id: Int?; let title: String; let body: String; let publishedOn: String; let credit: String; let photos: [Int]? }

    struct ListModel: Encodable, Sendable {
        let items: [Item]?
        let canWrite: Bool
        let places: Picker?
        let photoField: String
        let preview: Item?
        let input: [String: String]
        let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await list(req, input: [:], problems: [], preview: nil) }

    func list(_ req: Request, input: [String: String], problems: [FieldProblem], preview: Item?) async throws -> Response {
        let news = try await NewsItem.query(on: req.db).sort(\.$publishedOn, .descending).sort(\.$id, .descending).limit(100).all()
        let user = req.currentUserIfAny
        let canWrite = user?.hasAny(Role.placeEditors) ?? false
        var places: Picker?
        if let user, canWrite {
            var options: [Picker.Option] = []
            for kind in [PlaceKind.subdistrict, .community, .compound] {
                options += try await RegistryDirectory.places(kind, within: user.scope(), on: req.db).map { .init(String($0.id), $0.address.isEmpty ? $0.name : $0.address) }
            }
            places = Picker(name: "placeID", label: "所属地点", options: options, selected: input["placeID"], empty: "请选择", ordered: true, error: problems.byField["placeID"])
        }
        let model = ListModel(
            items: try news.map { Item(id: try $0.requireID(), title: $0.title, body: $0.body, publishedOn: $0.publishedOn, credit: $0.credit, photos: nil) }.nonEmpty,
            canWrite: canWrite, places: places, photoField: PhotoUpload.field(error: problems.byField["photo"]), preview: preview,
            input: input.isEmpty ? ["publishedOn": BeijingTime.day(of: req.gongzhi.now()).description, "credit": user.map { "\($0.displayName) 供稿" } ?? ""] : input,
            errors: FormErrors(problems))
        return try await req.page("news/index", title: "社区动态", breadcrumbs: [.init("社区动态")], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content { var placeID: String?; var title: String; var body: String; var publishedOn: String; var credit: String; var photo: File?; var thumbnail: File? }

    struct Checked { let place: RegistryDirectory.PlaceEntry; let title: String; let body: String; let day: CivilDate; let credit: String; let photo: PhotoUpload? }

    func check(_ req: Request, _ form: Form) async throws -> (Checked?, [FieldProblem]) {
        var problems: [FieldProblem] = []
        let title = TextRule.title("标题").check(form.title, field: "title", into: &problems)
        let body = TextRule.note("正文", max: 10_000, required: true).check(form.body, field: "body", into: &problems)
        let credit = TextRule.title("署名").check(form.credit, field: "credit", into: &problems)
        let day = CivilDate(typed: form.publishedOn)
        if day == nil { problems.append(FieldProblem("publishedOn", "日期格式应为YYYY-MM-DD")) }
        else if let day, day > BeijingTime.day(of: req.gongzhi.now()) { problems.append(FieldProblem("publishedOn", "日期不能晚于今天")) }
        var place: RegistryDirectory.PlaceEntry?
        if let id = Bounded.id(form.placeID), let found = try await RegistryDirectory.places(ids: [id], on: req.db).first, try req.currentUser.scope().contains(found.path) {
            place = found
        } else { problems.append(FieldProblem("placeID", "请选择您管辖范围内的地点")) }
        var photo: PhotoUpload?
        do { photo = try PhotoUpload.from(form.photo, thumbnail: form.thumbnail) } catch { problems.append(error) }
        guard problems.isEmpty, let title, let body, let credit, let day, let place else { return (nil, problems) }
        return (Checked(place: place, title: title, body: body, day: day, credit: credit, photo: photo), [])
    }

    func echo(_ form: Form) -> [String: String] {
        ["placeID": form.placeID ?? "", "title": form.title, "body": form.body, "publishedOn": form.publishedOn, "credit": form.credit]
    }

    /// The item as it will read, beside the form still filled in; nothing is saved.
    @Sendable func preview(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let (checked, problems) = try await check(req, form)
        let preview = checked.map { Item(id: nil, title: $0.title, body: $0.body, publishedOn: $0.day.description, credit: $0.credit, photos: nil) }
        return try await list(req, input: echo(form), problems: problems, preview: preview)
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let (checked, problems) = try await check(req, form)
        guard let checked else { return try await list(req, input: echo(form), problems: problems, preview: nil) }
        let user = try req.currentUser
        let item = NewsItem()
        item.placeID = checked.place.id; item.path = checked.place.path; item.title = checked.title; item.body = checked.body
        item.publishedOn = checked.day.description; item.credit = checked.credit; item.createdBy = user.id
        item.createdAt = Int(req.gongzhi.now().timeIntervalSince1970)
        try await req.db.transaction { db in
            try await item.create(on: db, movingRevision: NewsModule.name)
            try await checked.photo?.store(module: NewsModule.name, record: try item.requireID(), path: item.path, by: user.displayName, at: req.gongzhi.now(), on: db)
        }
        return req.redirect(to: NewsPaths.item(try item.requireID()), notice: "已发布。")
    }

    struct ItemModel: Encodable, Sendable { let item: Item; let place: String }

    @Sendable func show(req: Request) async throws -> Response {
        guard let item = try await NewsItem.find(try req.routeID(), on: req.db) else { throw AppError.notFound("没有这条动态") }
        let id = try item.requireID()
        let photos = try await PhotoUpload.photos(of: NewsModule.name, records: [id], on: req.db)[id]
        let place = try await RegistryDirectory.places(ids: [item.placeID], on: req.db).first?.address ?? ""
        return try await req.page("news/item", title: item.title, breadcrumbs: [.init("社区动态", NewsPaths.news.description), .init(item.title)],
                                  ItemModel(item: Item(id: id, title: item.title, body: item.body, publishedOn: item.publishedOn, credit: item.credit, photos: photos?.nonEmpty),
                                            place: place))
    }

    /// A photo of a news item: public, as the item is.
    @Sendable func photo(req: Request) async throws -> Response {
        let id = try req.routeID()
        guard let photoID = Bounded.id(req.parameters.get("photo")), let photo = try await Photo.find(photoID, on: req.db),
              photo.module == NewsModule.name, photo.recordID == id else { throw AppError.notFound("没有这张照片") }
        return PhotosModule.response(for: photo, thumbnail: req.query[String.self, at: "size"] == "small", shared: true)
    }

    /// The news and the public notices, newest first, as an Atom feed.
    @Sendable func feed(req: Request) async throws -> Response {
        let site = req.siteAddress
        let news = try await NewsItem.query(on: req.db).sort(\.$id, .descending).limit(30).all()
        let notices = try await PublicNotice.query(on: req.db).sort(\.$id, .descending).limit(30).all()
        var entries: [AtomFeed.Entry] = []
        for n in news {
            let date = BeijingTime.startOfDay(n.publishedOn) ?? Date(timeIntervalSince1970: Double(n.createdAt))
            entries.append(.init(id: "news-\(try n.requireID())", title: n.title, link: site + NewsPaths.item(try n.requireID()), updated: date,
                                 author: n.credit, summary: String(n.body.prefix(200))))
        }
        for n in notices {
            entries.append(.init(id: "notice-\(try n.requireID())", title: "【\(n.kind.label)】\(n.title)", link: site + NoticePaths.notice(try n.requireID()),
                                 updated: Date(timeIntervalSince1970: Double(n.publishedAt)), author: n.author, summary: "公示期：\(n.period)"))
        }
        let xml = AtomFeed(title: "社区共建共治平台：动态与公告", id: site + NewsPaths.feed.description, link: site + NewsPaths.feed.description,
                           entries: entries.sorted { $0.updated > $1.updated }).xml
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return response
    }
}

/// An Atom (RFC 4287) feed, written here, escaped here.
struct AtomFeed {
    struct Entry { let id: String; let title: String; let link: String; let updated: Date; let author: String; let summary: String }
    let title: String, id: String, link: String, entries: [Entry]

    var xml: String {
        func e(_ s: String) -> String { HTML.escape(s) }
        func time(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        out += "<title>\(e(title))</title><id>\(e(id))</id><link rel=\"self\" href=\"\(e(link))\"/>"
        out += "<updated>\(time(entries.first?.updated ?? Date(timeIntervalSince1970: 0)))</updated>"
        for entry in entries {
            out += "<entry><id>\(e(id))#\(e(entry.id))</id><title>\(e(entry.title))</title><link href=\"\(e(entry.link))\"/>"
            out += "<updated>\(time(entry.updated))</updated><author><name>\(e(entry.author))</name></author><summary>\(e(entry.summary))</summary></entry>"
        }
        return out + "</feed>\n"
    }
}
