extension Optional {
    /// `map` for an asynchronous transform: a form field that names a record, looked up only if present.
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
