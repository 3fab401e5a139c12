import GongzhiKit

/// Every address of the registry: its pages, forms and API.
public enum RegistryPaths {
    public static let overview = Address("overview", "/overview")
    public static let places = Address("places", "/places")
    public static let place = Address("place", "/places/:id")
    public static let placeChildren = Address("placeChildren", "/places/:id/children")
    public static let placeHouseholds = Address("placeHouseholds", "/places/:id/households")
    /// The outlines of places, and their import from GeoJSON.
    public static let plan = Address("plan", "/places/plan")
    public static let residents = Address("residents", "/residents")
    public static let residentFind = Address("residentFind", "/residents/find")
    public static let resident = Address("resident", "/residents/:id")
    public static let residentEdit = Address("residentEdit", "/residents/:id/edit")
    public static let residentDelete = Address("residentDelete", "/residents/:id/delete")
    public static let residentMove = Address("residentMove", "/residents/:id/move")
    public static let residentEnrol = Address("residentEnrol", "/residents/:id/party-member")
    public static let residentReveal = Address("residentReveal", "/residents/:id/reveal")
    public static let household = Address("household", "/households/:id")
    public static let householdResidents = Address("householdResidents", "/households/:id/residents")
    public static let householdDelete = Address("householdDelete", "/households/:id/delete")
    public static let party = Address("party", "/party")
    public static let partyOrganizations = Address("partyOrganizations", "/party/organizations")
    public static let partyOrganization = Address("partyOrganization", "/party/organizations/:id")
    public static let partyMembers = Address("partyMembers", "/party/members")
    public static let partyMember = Address("partyMember", "/party/members/:id")
    public static let partyMemberDelete = Address("partyMemberDelete", "/party/members/:id/delete")
    public static let organizations = Address("organizations", "/organizations")
    public static let organization = Address("organization", "/organizations/:id")
    public static let facilities = Address("facilities", "/facilities")
    public static let facility = Address("facility", "/facilities/:id")
    public static let exchange = Address("exchange", "/exchange")
    public static let ledger = Address("ledger", "/exchange/:ledger")
    public static let ledgerExport = Address("ledgerExport", "/exchange/:ledger/export.xlsx")
    public static let ledgerTemplate = Address("ledgerTemplate", "/exchange/:ledger/template.xlsx")
    public static let ledgerExportUnmasked = Address("ledgerExportUnmasked", "/exchange/:ledger/export-unmasked")
    /// One-time codes by which a person makes their own sign-in, and the page that is theirs.
    public static let residentSignUpCode = Address("residentSignUpCode", "/residents/:id/sign-up-code")
    /// Invitation letters for every household under a place (a dwelling, an entrance, a building).
    public static let placeInvitations = Address("placeInvitations", "/places/:id/invitations")
    public static let partyMemberSignUpCode = Address("partyMemberSignUpCode", "/party/members/:id/sign-up-code")
    public static let organizationSignUpCode = Address("organizationSignUpCode", "/organizations/:id/sign-up-code")
    public static let mine = Address("mine", "/me")

    /// The API (version 1), described by /api/v1/openapi.json.
    public enum API {
        public static let profile = Address("apiProfile", "/api/v1/profile")
        public static let place = Address("apiPlace", "/api/v1/places/:id")
        public static let residents = Address("apiResidents", "/api/v1/residents")
        public static let residentFind = Address("apiResidentFind", "/api/v1/residents/find")
        public static let resident = Address("apiResident", "/api/v1/residents/:id")
        public static let partyOrganizations = Address("apiPartyOrganizations", "/api/v1/party/organizations")
        public static let partyMembers = Address("apiPartyMembers", "/api/v1/party/members")
        public static let partyMember = Address("apiPartyMember", "/api/v1/party/members/:id")
        public static let organizations = Address("apiOrganizations", "/api/v1/organizations")
        public static let facilities = Address("apiFacilities", "/api/v1/facilities")
        static let all = [profile, place, residents, residentFind, resident, partyOrganizations, partyMembers, partyMember, organizations, facilities]
    }

    static let all = [overview, places, plan, place, placeChildren, placeHouseholds, residents, residentFind, resident, residentEdit,
                      residentDelete, residentMove, residentEnrol, residentReveal, household, householdResidents, householdDelete,
                      party, partyOrganizations, partyOrganization, partyMembers, partyMember, partyMemberDelete, organizations,
                      organization, facilities, facility, exchange, ledger, ledgerExport, ledgerTemplate, ledgerExportUnmasked,
                      residentSignUpCode, placeInvitations, partyMemberSignUpCode, organizationSignUpCode, mine] + API.all
}
