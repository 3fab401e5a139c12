import GongzhiKit
import NIOConcurrencyHelpers
import Testing

/// Pages cached per data revision: concurrent requests share one computation, a new revision computes again, and a
/// failed computation is not kept.
struct RevisionCacheTests {
    struct Failure: Error {}

    @Test func concurrentRequestsShareOneComputation() async throws {
        let cache = RevisionCache<Int, String>()
        let computed = NIOLockedValueBox(0)
        @Sendable func compute() async throws -> String {
            computed.withLockedValue { $0 += 1 }
            try await Task.sleep(for: .milliseconds(50))
            return "概览"
        }
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 { group.addTask { try await cache.value(1, revision: 7, compute: compute) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: "概览", count: 32))
        #expect(computed.withLockedValue { $0 } == 1)

        _ = try await cache.value(1, revision: 7, compute: compute)
        #expect(computed.withLockedValue { $0 } == 1, "served from memory")
        _ = try await cache.value(1, revision: 8, compute: compute)
        #expect(computed.withLockedValue { $0 } == 2, "a write moved the revision on")
        _ = try await cache.value(2, revision: 8, compute: compute)
        #expect(computed.withLockedValue { $0 } == 3, "another key")
    }

    @Test func aFailedComputationIsTriedAgain() async throws {
        let cache = RevisionCache<Int, Int>()
        await #expect(throws: Failure.self) { try await cache.value(1, revision: 1) { throw Failure() } }
        #expect(try await cache.value(1, revision: 1) { 42 } == 42)
    }
}
