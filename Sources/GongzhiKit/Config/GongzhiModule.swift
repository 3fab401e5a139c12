import Fluent
import Vapor

/// A domain module as the assembly sees it: its templates, its tables (in the order they shipped), its routes and
/// figures, and its part of the demo subdistrict. The registry comes first; every other module reads it through
/// the registry's public directory and keeps only ids and paths of registry records.
public protocol GongzhiModule {
    /// The Leaf source name and the folder of its templates (`name/page.leaf`).
    static var name: String { get }
    static var viewsDirectory: String { get }
    static var migrations: [any Migration] { get }
    static func boot(_ app: Application, routes: any RoutesBuilder) throws
    /// Writes the module's demo records; runs in the demo's transaction, after the registry's records exist.
    static func loadDemo(on db: any Database) async throws
}
