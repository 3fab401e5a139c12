import Fluent
import GongzhiCore
import GongzhiKit
import SQLKit
import Vapor

/// Finding residents within a user's places: by the beginning of the name, by household address,
/// by exact ID number (keyed hash).
struct ResidentSearch: Sendable, Encodable {
    var name = ""
    var address = ""
    var idNumber = ""
    var tag = ""

    init(name: String = "", address: String = "", idNumber: String = "", tag: String = "") {
        self.name = name; self.address = address; self.idNumber = idNumber; self.tag = tag
    }

    /// The criteria of a list page or the API's list, from the query string. A full ID number is refused there: it
    /// would stay in browser history and proxy logs; look-ups by number go in a POST body and are audited.
    init(query req: Request) throws {
        if let number = req.query[String.self, at: "idNumber"], !number.trimmedSpaces.isEmpty {
            throw AppError.badRequest("公民身份号码不能放在网址中（会留在浏览器历史和代理日志里）：请用“按身份证号查找”表单，接口请用 POST /api/v1/residents/find")
        }
        tag = try req.queryChoice("tag", ResidentTag.self, label: "标签")?.rawValue ?? ""
        name = req.query[String.self, at: "name"]?.trimmedSpaces ?? ""
        address = req.query[String.self, at: "address"]?.trimmedSpaces ?? ""
        guard name.count <= 40, address.count <= 100 else { throw AppError.badRequest("查询条件过长：姓名最多40字，地址最多100字") }
    }

    /// The criteria of a look-up by full number (a form or the API's POST body): the number is required.
    init(lookingUp number: String) throws {
        guard !number.trimmedSpaces.isEmpty else { throw AppError.invalid("idNumber", "请输入完整的18位公民身份号码进行查找") }
        self.init(idNumber: number)
    }

    /// Records a look-up by full number in the audit log, with the number masked and whether it was found.
    static func audit(_ number: String, found: Int, on req: Request) async throws {
        let masked = (try? CitizenID(number))?.masked ?? "无效号码"
        try await req.audit(action: "lookup", target: "residents", detail: "按公民身份号码查找 \(masked)：\(found > 0 ? "找到\(found)人" : "未找到")")
    }

    var isEmpty: Bool { name.isEmpty && address.isEmpty && idNumber.isEmpty && tag.isEmpty }

    /// The residents matching every given criterion within `scope`, with the total count.
    func run(_ scope: PlaceScope, vault: PersonalDataVault, list: ListQuery, on db: any Database) async throws -> (total: Int, residents: [ResidentRow]) {
        var paths = scope.paths
        if !address.isEmpty {
            paths = try await Self.places(matching: address, within: scope, on: db)
            if paths.isEmpty { return (0, []) }
        }
        var predicates: [any SQLExpression] = [PlaceScope(paths: paths).predicate("path")]
        // Names are found by their beginning (surname first): the pinyin key of a name begins with the key of its
        // beginning, so one index range on the key finds them in the order the list shows, even over the whole subdistrict.
        if !name.isEmpty {
            let key = Collation.key(name)
            predicates.append(SQLBinaryExpression(SQLColumn("name_key"), .greaterThanOrEqual, SQLBind(key)))
            predicates.append(SQLBinaryExpression(SQLColumn("name_key"), .lessThan, SQLBind(key + "g")))
        }
        if !idNumber.isEmpty {
            guard let id = try? CitizenID(idNumber) else { throw AppError.invalid("idNumber", "请输入完整、有效的18位公民身份号码进行精确查找") }
            predicates.append(SQLBinaryExpression(SQLColumn("id_hash"), .in, SQLBind.group(vault.searchHashes(id.value))))
        }
        if let tag = ResidentTag(rawValue: tag) { predicates.append(SQLBinaryExpression(SQLColumn("tags"), .like, SQLBind("%\(tag.rawValue)%"))) }
        let condition = predicates.dropFirst().reduce(predicates[0]) { SQLBinaryExpression($0, .and, $1) }

        struct Count: Decodable { let n: Int }
        let total = try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(Resident.schema).where(condition).first(decoding: Count.self)?.n ?? 0
        let order = ["birth": "birth_date", "address": "path"][list.sortKey] ?? "name_key"
        let residents = try await ResidentRow.select(on: db).where(condition)
            .orderBy(order, list.descending ? .descending : .ascending).orderBy("id")
            .limit(list.perPage).offset(list.offset).residents()
        return (total, residents)
    }

    /// Paths of places whose names contain the words of `address` in order down the tree:
    /// `纬五路13号院 1号楼` finds building 1 of that compound.
    static func places(matching address: String, within scope: PlaceScope, on db: any Database) async throws -> [String] {
        var current = scope.paths
        for word in address.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init) {
            let found = try await PlaceRow.select(on: db).where("name", .like, SQLBind("%\(escapeLike(word))%"))
                .where(PlaceScope(paths: current).predicate("path")).orderBy("depth").limit(200).places()
            // Keep only the highest matches: a compound found also finds everything under it.
            current = PlaceScope(paths: found.map(\.path)).paths
            if current.isEmpty { return [] }
        }
        return current
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
