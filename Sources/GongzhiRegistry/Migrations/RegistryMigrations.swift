import Fluent

/// The registry's tables in the order they shipped; never edit a shipped migration, add a new one.
public enum RegistryMigrations {
    public static let all: [any Migration] = [
        CreatePlaces(), CreateHouseholds(), CreateResidents(), CreatePartyOrganizations(),
        CreatePartyMembers(), CreateOrganizations(), CreateFacilities(), CreateBuildingGroups(),
        AddPlaceAddresses(), AddVersions(), CountMembersWhereTheyLive(), AddNameKeys(), AddDwellingOwners(), AddPlaceKindIndex(),
    ]
}
