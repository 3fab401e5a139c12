import Foundation
import Leaf
import LeafKit
import Vapor

/// One address of a module, spelled once: its route is registered at it (`routes.get(Paths.resident, use:)`), Swift
/// draws links with it (`Paths.resident(12)` → `/residents/12`), and templates by its name (`#path("resident", id)`).
/// Each module keeps its addresses in one small type (`RegistryPaths`, `CampaignPaths`, …) and lists them in
/// `GongzhiModule.addresses`; the assembly refuses two addresses with one name.
public struct Address: Sendable, Hashable, CustomStringConvertible {
    /// Where the API's addresses begin: its answers are JSON, its errors too.
    public static let apiPrefix = "/api/"

    /// The name templates use; unique across modules.
    public let name: String
    /// The segments of the pattern; `:name` is a parameter.
    public let segments: [String]

    public init(_ name: String, _ pattern: String) {
        self.name = name
        self.segments = pattern.split(separator: "/").map(String.init)
    }

    /// The route pattern Vapor registers.
    public var pattern: [PathComponent] {
        segments.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) }
    }

    public var parameterCount: Int { segments.count { $0.hasPrefix(":") } }

    /// The address with its parameters filled in order; each value is percent-encoded as a path segment.
    public func callAsFunction(_ values: any CustomStringConvertible...) -> String { filled(values.map(\.description)) }

    public func filled(_ values: [String]) -> String {
        precondition(values.count == parameterCount, "address \(name) takes \(parameterCount) values, given \(values.count)")
        var remaining = values[...]
        return "/" + segments.map { segment in
            guard segment.hasPrefix(":") else { return segment }
            let value = remaining.removeFirst()
            // Ids and plain names need no encoding: most links, drawn by the thousand on a list.
            if value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D || $0 == 0x5F }) { return value }
            return value.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? value
        }.joined(separator: "/")
    }

    /// What a path segment may hold unencoded (no `/`), built once.
    static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))

    /// The address of a page without parameters (a list, a form's action).
    public var description: String { filled([]) }
}

extension RoutesBuilder {
    @discardableResult
    public func get<R: AsyncResponseEncodable>(_ address: Address, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        get(address.pattern, use: handler)
    }

    @discardableResult
    public func post<R: AsyncResponseEncodable>(_ address: Address, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        post(address.pattern, use: handler)
    }

    @discardableResult
    public func patch<R: AsyncResponseEncodable>(_ address: Address, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        patch(address.pattern, use: handler)
    }
}

/// `#path("resident", content.id)`: an address by its name with its parameters, for templates.
struct PathTag: LeafTag {
    let addresses: [String: Address]

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let address = addresses[name] else {
            throw LeafError(.unknownError("#path: no address named \(ctx.parameters.first?.string ?? "")"))
        }
        let values = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard values.count == address.parameterCount else {
            throw LeafError(.unknownError("#path(\"\(name)\"): takes \(address.parameterCount) values, given \(values.count)"))
        }
        return .string(address.filled(Array(values)))
    }
}

extension Application {
    /// Makes every module's addresses known to templates; two addresses with one name stop the start.
    public func useAddresses(_ addresses: [Address]) {
        var byName: [String: Address] = [:]
        for address in addresses {
            precondition(byName[address.name] == nil, "two addresses are named \(address.name)")
            byName[address.name] = address
        }
        leaf.tags["path"] = PathTag(addresses: byName)
    }
}
