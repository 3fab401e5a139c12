import Fluent
import Vapor

/// Sessions in the database (so any app server can answer), written only when their data changed.
/// Vapor's middleware updates the session row on every request; under load that turned every page view
/// into a database write.
public struct UnchangedSessions: SessionDriver {
    let base: any SessionDriver
    public init(base: any SessionDriver) { self.base = base }

    private struct ReadKey: StorageKey { typealias Value = SessionData }

    public func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request)
    }

    public func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        base.readSession(sessionID, for: request).map { data in
            if let data { request.storage[ReadKey.self] = data }
            return data
        }
    }

    public func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if request.storage[ReadKey.self] == data { return request.eventLoop.makeSucceededFuture(sessionID) }
        return base.updateSession(sessionID, to: data, for: request)
    }

    public func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        base.deleteSession(sessionID, for: request)
    }
}
