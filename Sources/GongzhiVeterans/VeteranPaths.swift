import GongzhiKit

/// Every address of the veterans' services.
public enum VeteranPaths {
    public static let veterans = Address("veterans", "/veterans")
    public static let medals = Address("veteranMedals", "/veterans/medals")
    static let all = [veterans, medals]
}
