import GongzhiKit

/// Every address of deliberation: the workers' pages, and the residents' own (under `/me`).
public enum DeliberationPaths {
    public static let matters = Address("matters", "/matters")
    public static let matter = Address("matter", "/matters/:id")
    public static let opinions = Address("matterOpinions", "/matters/:id/opinions")
    public static let meetings = Address("matterMeetings", "/matters/:id/meetings")
    public static let plans = Address("matterPlans", "/matters/:id/plans")
    public static let ballots = Address("matterBallots", "/matters/:id/ballots")
    public static let advance = Address("matterAdvance", "/matters/:id/advance")
    public static let progress = Address("matterProgress", "/matters/:id/progress")
    /// The representatives the residents' groups elected, for an assembly of representatives.
    public static let representatives = Address("matterRepresentatives", "/matters/:id/representatives")
    /// The households not yet asked, by building, to print for the visit round.
    public static let visits = Address("matterVisits", "/matters/:id/visits")
    /// A resident's matters: those that concern their household.
    public static let myMatters = Address("myMatters", "/me/matters")
    public static let myMatter = Address("myMatter", "/me/matters/:id")
    public static let myOpinion = Address("myOpinion", "/me/matters/:id/opinion")
    public static let myBallot = Address("myBallot", "/me/matters/:id/ballot")
    /// The vote thresholds new matters are opened under (the system administrator's).
    public static let thresholds = Address("voteThresholds", "/settings/votes")
    /// A matter's opinions and ballots (current and changed), names masked, for Excel.
    public static let export = Address("matterExport", "/matters/:id/export.xlsx")

    public enum API {
        public static let matters = Address("apiMatters", "/api/v1/matters")
        public static let matter = Address("apiMatter", "/api/v1/matters/:id")
        static let all = [matters, matter]
    }

    static let all = [matters, matter, opinions, meetings, plans, ballots, advance, progress, representatives, visits, export, thresholds, myMatters, myMatter, myOpinion, myBallot] + API.all
}
