extension String {
    /// Equality that takes the same time wherever the strings differ, for tokens and codes a caller could otherwise
    /// guess byte by byte from response times.
    public func constantTimeEquals(_ other: String) -> Bool {
        let x = Array(utf8), y = Array(other.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
