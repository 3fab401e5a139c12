import GongzhiKit

/// Every address of the census. Each is declared for census roles only; the handler then checks the campaign's own
/// roles and, for an enumerator or instructor, their areas.
public enum CensusPaths {
    public static let campaigns = Address("censusCampaigns", "/census")
    public static let campaign = Address("censusCampaign", "/census/:id")
    public static let stages = Address("censusStages", "/census/:id/stages")
    public static let leaders = Address("censusLeaders", "/census/:id/leaders")
    public static let members = Address("censusMembers", "/census/:id/members")
    public static let areas = Address("censusAreas", "/census/:id/areas")
    public static let propose = Address("censusPropose", "/census/:id/areas/propose")
    public static let start = Address("censusStart", "/census/:id/start")
    public static let close = Address("censusClose", "/census/:id/close")
    public static let purge = Address("censusPurge", "/census/:id/purge")
    public static let progress = Address("censusProgress", "/census/:id/progress")
    public static let quality = Address("censusQuality", "/census/:id/quality")
    public static let standups = Address("censusStandups", "/census/:id/standups")
    public static let publicity = Address("censusPublicity", "/census/:id/publicity")
    public static let letters = Address("censusLetters", "/census/:id/letters")
    public static let day = Address("censusDay", "/census/:id/day")
    public static let export = Address("censusExport", "/census/:id/exports/:list")
    public static let area = Address("censusArea", "/census-areas/:id")
    public static let areaParts = Address("censusAreaParts", "/census-areas/:id/parts")
    public static let areaEnumerator = Address("censusAreaEnumerator", "/census-areas/:id/enumerator")
    public static let companions = Address("censusCompanions", "/census-areas/:id/companions")
    public static let removeCompanion = Address("censusCompanionRemove", "/census-companions/:id/remove")
    public static let removeMember = Address("censusMemberRemove", "/census-members/:id/remove")
    /// A sign-in for an enumerator recruited without an account: a slip with a one-time code.
    public static let memberSignUpCode = Address("censusMemberSignUpCode", "/census-members/:id/sign-up-code")
    public static let visit = Address("censusVisit", "/census-visits/:id")
    public static let appointment = Address("censusAppointment", "/census-visits/:id/appointment")
    public static let answer = Address("censusProblemAnswer", "/census-problems/:id/answer")
    /// An enumerator's or instructor's phone: their campaign's day.
    public static let mine = Address("myCensus", "/me/census")

    public enum API {
        public static let campaigns = Address("apiCensusCampaigns", "/api/v1/census")
        public static let areas = Address("apiCensusAreas", "/api/v1/census/:id/areas")
        public static let progress = Address("apiCensusProgress", "/api/v1/census/:id/progress")
        public static let visits = Address("apiCensusVisits", "/api/v1/census/:id/visits")
        static let all = [campaigns, areas, progress, visits]
    }

    static let all = [campaigns, campaign, stages, leaders, members, areas, propose, start, close, purge, progress, quality, standups, publicity,
                      letters, day, export, area, areaParts, areaEnumerator, companions, removeCompanion, removeMember, memberSignUpCode,
                      visit, appointment, answer, mine] + API.all
}
