import GongzhiKit

/// Every address of reporting in and serving: the workers' pages under `/service`, the people's own under `/me`.
public enum ServicePaths {
    public static let overview = Address("service", "/service")
    public static let reports = Address("serviceReports", "/service/reports")
    public static let confirmReport = Address("serviceReportConfirm", "/service/reports/:id/confirm")
    public static let returnReport = Address("serviceReportReturn", "/service/reports/:id/return")
    /// In-service members of the registry who have not reported, to follow up.
    public static let unreported = Address("serviceUnreported", "/service/unreported")
    public static let workplaces = Address("serviceWorkplaces", "/service/workplaces")
    /// A workplace's quarter: one row per member of the user's places who works there, for Excel.
    public static let workplaceRecords = Address("serviceWorkplaceRecords", "/service/workplaces/:id/records.xlsx")
    public static let needs = Address("serviceNeeds", "/service/needs")
    public static let need = Address("serviceNeed", "/service/needs/:id")
    public static let confirmClaim = Address("serviceClaimConfirm", "/service/claims/:id/confirm")
    public static let returnClaim = Address("serviceClaimReturn", "/service/claims/:id/return")
    public static let resources = Address("serviceResources", "/service/resources")
    public static let projects = Address("serviceProjects", "/service/projects")
    public static let project = Address("serviceProject", "/service/projects/:id")
    public static let projectProgress = Address("serviceProjectProgress", "/service/projects/:id/progress")
    public static let activities = Address("serviceActivities", "/service/activities")
    public static let activity = Address("serviceActivity", "/service/activities/:id")
    public static let checkIn = Address("serviceCheckIn", "/service/activities/:id/check-ins")
    /// The quarter's service records by member, with the community's remark.
    public static let records = Address("serviceRecords", "/service/records")
    public static let remark = Address("serviceRemark", "/service/records/:id/remark")
    /// A member's quarter as a letter to their workplace's party organisation, to print.
    public static let letter = Address("serviceLetter", "/service/records/:id/letter")
    public static let export = Address("serviceExport", "/service/export/:list")

    /// A party member's or unit contact's own page: report in, claim, deliver, sign up, offer.
    public static let mine = Address("myService", "/me/service")
    public static let myReport = Address("myReport", "/me/service/report")
    public static let myClaim = Address("myClaim", "/me/service/needs/:id/claim")
    public static let myDelivery = Address("myDelivery", "/me/service/claims/:id/deliver")
    public static let myCancel = Address("myCancel", "/me/service/claims/:id/cancel")
    public static let mySignUp = Address("mySignUp", "/me/service/activities/:id/sign-up")
    public static let myOffer = Address("myOffer", "/me/service/resources")
    /// A resident's needs and wishes for their household, and the confirmation of what was done.
    public static let myNeeds = Address("myNeeds", "/me/needs")
    public static let myConfirm = Address("myNeedConfirm", "/me/needs/claims/:id/confirm")
    public static let myReturn = Address("myNeedReturn", "/me/needs/claims/:id/return")

    public enum API {
        public static let needs = Address("apiServiceNeeds", "/api/v1/service/needs")
        public static let claims = Address("apiServiceClaims", "/api/v1/service/claims")
        public static let hours = Address("apiServiceHours", "/api/v1/service/hours")
        public static let reports = Address("apiServiceReports", "/api/v1/service/reports")
        public static let resources = Address("apiServiceResources", "/api/v1/service/resources")
        public static let projects = Address("apiServiceProjects", "/api/v1/service/projects")
        static let all = [needs, claims, hours, reports, resources, projects]
    }

    static let all = [overview, reports, confirmReport, returnReport, unreported, workplaces, workplaceRecords, needs, need, confirmClaim, returnClaim,
                      resources, projects, project, projectProgress, activities, activity, checkIn, records, remark, letter, export,
                      mine, myReport, myClaim, myDelivery, myCancel, mySignUp, myOffer, myNeeds, myConfirm, myReturn] + API.all
}
