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
    /// The rhythm around the wall: weekly reports by community, review visits scored on a rubric, supervision items
    /// (from special supervision and the secretaries' forum) escalated when late, and 亮赛比.
    public static let weekly = Address("weeklyReports", "/weekly-reports")
    public static let weeklyReport = Address("weeklyReport", "/weekly-reports/:id")
    public static let reviews = Address("reviews", "/reviews")
    public static let review = Address("review", "/reviews/:id")
    public static let reviewPhotos = Address("reviewPhotos", "/reviews/:id/photos")
    public static let rubric = Address("reviewRubric", "/settings/review-rubric")
    public static let supervision = Address("supervision", "/supervision")
    public static let rectify = Address("supervisionRectify", "/supervision/:id/rectify")
    public static let forums = Address("forums", "/forums")
    public static let ranking = Address("ranking", "/ranking")

    public enum API {
        public static let campaigns = Address("apiCampaigns", "/api/v1/campaigns")
        public static let tasks = Address("apiCampaignTasks", "/api/v1/campaigns/:id/tasks")
        public static let reports = Address("apiTaskReports", "/api/v1/tasks/:id/reports")
        public static let assignments = Address("apiAssignments", "/api/v1/assignments")
        static let all = [campaigns, tasks, reports, assignments]
    }

    static let all = [campaigns, campaign, print, newTasks, task, reports, returnReport, mine, assignments, export,
                      weekly, weeklyReport, reviews, review, reviewPhotos, rubric, supervision, rectify, forums, ranking] + API.all
}
