import Foundation
import Testing
@testable import GongzhiCore

/// GB/T 22239-2019 8.1.4.1 a) and b): complex passwords changed regularly; limited retries, then a lock.
struct SignInRulesTests {
    @Test(arguments: [
        ("Huayuan-2020", "jiedao", []),
        ("huayuan2020!", "jiedao", []),
        ("HUAYUAN2020x", "jiedao", []),
        ("Hy-20", "jiedao", ["密码至少8位"]),
        ("huayuan2020", "jiedao", ["密码须包含大写字母、小写字母、数字、符号中的至少3类"]),
        ("Jiedao-2020", "jiedao", ["密码不能包含用户名"]),
        ("短短的密码很长很长", "jiedao", ["密码须包含大写字母、小写字母、数字、符号中的至少3类"]),
    ] as [(String, String, [String])])
    func passwords(password: String, username: String, problems: [String]) {
        #expect(PasswordPolicy.problems(password: password, username: username) == problems)
    }

    @Test func passwordsExpireAfterTheConfiguredDays() {
        let changed = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(!PasswordPolicy.isExpired(changedAt: changed, maxAgeDays: 90, now: changed.addingTimeInterval(89 * 86_400)))
        #expect(PasswordPolicy.isExpired(changedAt: changed, maxAgeDays: 90, now: changed.addingTimeInterval(91 * 86_400)))
    }

    @Test func theFifthFailureLocksForThirtyMinutes() {
        let rule = LockoutRule()
        var failures = 0, locked: Int?
        for attempt in 1...5 {
            (failures, locked) = rule.afterFailure(failures: failures, now: 1_000)
            #expect((locked != nil) == (attempt == 5))
        }
        #expect(locked == 1_000 + 30 * 60 && failures == 0)
    }
}
