import Fluent

/// A module's part of the subdistrict overview and of the generated report (报表一键生成): figures counted from
/// its records, and the sentence the report writes from the same figures.
public struct Highlight: Sendable, Encodable {
    public struct Figure: Sendable, Encodable {
        public let label: String
        public let value: String
        public init(_ label: String, _ value: String) { self.label = label; self.value = value }
    }
    public let title: String
    public let link: String
    public let figures: [Figure]
    public let sentence: String
    public init(title: String, link: String, figures: [Figure], sentence: String) {
        self.title = title; self.link = link; self.figures = figures; self.sentence = sentence
    }
}

/// How a module contributes its highlight: computed for one subdistrict (its place path) from the module's records.
/// `order` places it on the page and in the report.
public struct HighlightSource: Sendable {
    public let order: Int
    public let compute: @Sendable (any Database, _ subdistrictPath: String) async throws -> Highlight?
    public init(order: Int, compute: @escaping @Sendable (any Database, String) async throws -> Highlight?) {
        self.order = order; self.compute = compute
    }
}

extension Gongzhi {
    /// Every registered module's highlight for the subdistrict at `path`, in order.
    public func highlights(subdistrictPath path: String, on db: any Database) async throws -> [Highlight] {
        var result: [Highlight] = []
        for source in highlightSources.sorted(by: { $0.order < $1.order }) {
            if let highlight = try await source.compute(db, path) { result.append(highlight) }
        }
        return result
    }
}
