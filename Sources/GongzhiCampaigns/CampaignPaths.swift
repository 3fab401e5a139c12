import GongzhiKit

/// Every address of the campaign wall.
public enum CampaignPaths {
    public static let campaigns = Address("campaigns", "/campaigns")
    /// The wall: the map, the Gantt chart and the task list, filtered by community and status.
    public static let campaign = Address("campaign", "/campaigns/:id")
    /// The wall on one A3 sheet, to print and hang.
    public static let print = Address("campaignPrint", "/campaigns/:id/print")
    /// Adding tasks: one, or one per place chosen from a list.
    public static let newTasks = Address("campaignTasks", "/campaigns/:id/tasks")
    public static let task = Address("task", "/tasks/:id")
    public static let reports = Address("taskReports", "/tasks/:id/reports")
    public static let returnReport = Address("taskReportReturn", "/task-reports/:id/return")
    /// A cadre's own page: their buildings, households and open tasks (包楼到户).
    public static let mine = Address("myTasks", "/me/tasks")
    /// 包楼到户: who answers for each building.
    public static let assignments = Address("assignments", "/assignments")
    public static let export = Address("campaignExport", "/campaign-exports/:list")

    public enum API {
        public static let campaigns = Address("apiCampaigns", "/api/v1/campaigns")
        public static let tasks = Address("apiCampaignTasks", "/api/v1/campaigns/:id/tasks")
        public static let reports = Address("apiTaskReports", "/api/v1/tasks/:id/reports")
        public static let assignments = Address("apiAssignments", "/api/v1/assignments")
        static let all = [campaigns, tasks, reports, assignments]
    }

    static let all = [campaigns, campaign, print, newTasks, task, reports, returnReport, mine, assignments, export] + API.all
}
