import Testing
@testable import GongzhiCore

/// 挂图作战: a task has a deadline; the wall shows it overdue once the deadline has passed and it is not done.
struct TaskStatusTests {
    static let today = CivilDate(year: 2020, month: 12, day: 1)!

    @Test(arguments: [
        (TaskStatus.inProgress, "2020-11-30", TaskStatus.overdue),
        (.notStarted, "2020-11-30", .overdue),
        (.done, "2020-11-30", .done),
        (.inProgress, "2020-12-01", .inProgress),   // due today is not late
        (.inProgress, "2021-01-15", .inProgress),
    ])
    func effective(reported: TaskStatus, deadline: String, shown: TaskStatus) {
        #expect(TaskStatus.effective(reported, deadline: CivilDate(yyyymmdd: deadline), today: Self.today) == shown)
    }
}
