import Foundation

/// Where the shared templates and static files are, wherever the binary was started from.
public enum KitModule {
    public static var viewsDirectory: String { Bundle.module.resourcePath! + "/Views/" }
    public static var publicDirectory: String { Bundle.module.resourcePath! + "/Public/" }
}
