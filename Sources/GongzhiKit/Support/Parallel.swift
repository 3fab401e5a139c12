import Foundation
import NIOConcurrencyHelpers

/// CPU-bound work on every core (parsing worksheet pieces, sealing numbers for a bulk import), results in order.
public enum Parallel {
    public static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        guard items.count > 1 else { return items.map(transform) }
        let results = NIOLockedValueBox([U?](repeating: nil, count: items.count))
        let chunk = max(1, items.count / (ProcessInfo.processInfo.activeProcessorCount * 4))
        let chunks = (items.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * chunk)..<min(items.count, (c + 1) * chunk)
            let part = range.map { transform(items[$0]) }
            results.withLockedValue { all in for (offset, value) in part.enumerated() { all[range.lowerBound + offset] = value } }
        }
        return results.withLockedValue { $0.map { $0! } }
    }
}
