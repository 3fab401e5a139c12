extension Optional {
    /// `map` for an asynchronous transform: a form field that names a record, looked up only if present.
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

extension Sequence {
    /// Runs `transform` on each element in turn and joins the results: queries in runs (`ids.chunked(1_000)`).
    public func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
