import Foundation
import GongzhiCore
import Vapor

/// Who is writing a record, and when, as the records keep it: the signed-in user now, or a named author at a given
/// time (the demo, a command).
public struct Author: Sendable {
    public let userID: Int
    public let name: String
    public let now: Date
    /// The person of the registry the account belongs to (a resident, a party member, a unit), if any.
    public let person: Person?
    public var today: CivilDate { BeijingTime.day(of: now) }
    public var seconds: Int { Int(now.timeIntervalSince1970) }

    public init(_ req: Request) throws {
        let user = try req.currentUser
        self.init(userID: user.id, name: user.displayName, now: req.gongzhi.now(), person: user.person)
    }
    public init(userID: Int, name: String, now: Date, person: Person? = nil) {
        self.userID = userID; self.name = name; self.now = now; self.person = person
    }
}
