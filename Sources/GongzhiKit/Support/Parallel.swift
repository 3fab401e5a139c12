import Foundation

/// CPU-bound work on every core (parsing worksheet pieces, checking and sealing rows of a bulk import), results in order.
public enum Parallel {
    public static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        guard items.count > 1 else { return items.map(transform) }
        let chunk = max(1, items.count / (ProcessInfo.processInfo.activeProcessorCount * 4))
        let chunks = (items.count + chunk - 1) / chunk
        // Each index is written by exactly one worker straight into the result: no lock, no copy of a result.
        return [U](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let results = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<min(items.count, (c + 1) * chunk) { (results.base + i).initialize(to: transform(items[i])) }
            }
            initialized = items.count
        }
    }

    private struct Slots<U>: @unchecked Sendable { let base: UnsafeMutablePointer<U> }
}
