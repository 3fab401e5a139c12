import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// The place tree, browsable and editable at every level, with counts rolled up at every node.
struct PlaceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let places = routes.allow(Role.business)
        places.get(RegistryPaths.places) { req async throws -> Response in req.redirect(to: PlaceQueries.home(for: try req.currentUser, gongzhi: req.gongzhi)) }
        places.get(RegistryPaths.place, use: show)
        let editors = routes.allow(Role.placeEditors)
        editors.post(RegistryPaths.place, use: update)
        editors.post(RegistryPaths.placeChildren, use: addChild)
        places.post(RegistryPaths.placeHouseholds, use: addHousehold)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let place = try await req.visible(Place.self, path: \.$path)
        return try await PlacePage.render(place, for: req)
    }

    struct EditForm: Content {
        var name: String; var code: String?; var area: String?; var managementType: String?; var propertyCompanyID: String?; var renovationStatus: String?
        var buildingGroup: String?
        func attributes() throws -> PlaceWriter.Attributes {
            var problems: [FieldProblem] = []
            let area = PlaceController.area(area, into: &problems)
            let type = managementType.flatMap { $0.isEmpty ? nil : $0 }
            if let type, ManagementType(rawValue: type) == nil { problems.append(FieldProblem("managementType", "管理类型无效")) }
            var company: Int?
            if let text = propertyCompanyID, !text.isEmpty {
                do { company = try Bounded.int(text, in: 1...Bounded.maxID, label: "物业服务企业编号") } catch { problems.append(error.field("propertyCompanyID")) }
            }
            if !problems.isEmpty { throw AppError.invalid(problems) }
            return .init(name: name, code: code, area: area, managementType: type.flatMap(ManagementType.init(rawValue:)),
                         propertyCompanyID: company, renovationStatus: renovationStatus, buildingGroup: buildingGroup)
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let place = try await req.visible(Place.self, path: \.$path)
        let form = try req.content.decode(EditForm.self)
        do {
            try await PlaceWriter.update(place, try form.attributes(), readAt: try VersionStamp.read(req), on: req.db)
        } catch AppError.invalid(let problems) {
            let current = try await Place.find(try place.requireID(), on: req.db) ?? place
            return try await PlacePage.render(current, for: req, editErrors: problems, status: problems.status)
        }
        return req.redirect(to: RegistryPaths.place(try place.requireID()), notice: "已保存。")
    }

    /// An optional area from a form: km² for a subdistrict, m² for a dwelling or a facility.
    static func area(_ text: String?, into problems: inout [FieldProblem]) -> Double? {
        guard let text, !text.trimmedSpaces.isEmpty else { return nil }
        do { return try Bounded.decimal(text, in: 0.01...1_000_000, label: "面积") } catch { problems.append(error.field("area")); return nil }
    }

    struct ChildForm: Content { var kind: String; var name: String; var code: String?; var area: String? }

    @Sendable func addChild(req: Request) async throws -> Response {
        let parent = try await req.visible(Place.self, path: \.$path)
        let form = try req.content.decode(ChildForm.self)
        do {
            guard let kind = PlaceKind(rawValue: form.kind) else { throw AppError.invalid("kind", "请选择下级类型") }
            var problems: [FieldProblem] = []
            let area = Self.area(form.area, into: &problems)
            if !problems.isEmpty { throw AppError.invalid(problems) }
            let child = try await PlaceWriter.insert(parent: parent, kind: kind, .init(name: form.name, code: form.code, area: area), on: req.db)
            return req.redirect(to: RegistryPaths.place(try child.requireID()), notice: "已添加\(child.kind.label)“\(child.name)”。")
        } catch AppError.invalid(let problems) {
            return try await PlacePage.render(parent, for: req, childErrors: problems, status: .unprocessableEntity)
        }
    }

    /// A new household in a dwelling, numbered after the community's last one.
    @Sendable func addHousehold(req: Request) async throws -> Response {
        let dwelling = try await req.visible(Place.self, path: \.$path)
        guard dwelling.kind == .dwelling else { throw AppError.badRequest("只有房屋下可以新增户") }
        let household = try await HouseholdWriter.create(in: dwelling, on: req.db)
        return req.redirect(to: RegistryPaths.household(try household.requireID()), notice: "已新建户\(household.code)，请添加成员。")
    }
}
