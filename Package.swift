// swift-tools-version:6.0
// The target graph is the architecture: modules → GongzhiKit → GongzhiCore; GongzhiApp assembles the modules.
import PackageDescription

let package = Package(
    name: "gongzhi",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .executableTarget(name: "gongzhi", dependencies: ["GongzhiApp"]),
        .target(name: "GongzhiApp", dependencies: [
            "GongzhiKit", "GongzhiRegistry", "GongzhiCampaigns", "GongzhiStarGroups", "GongzhiCoBuilding", "GongzhiVeterans", "GongzhiDeliberation", "GongzhiNews", "GongzhiService", "GongzhiCensus",
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        ]),
        .target(name: "GongzhiRegistry", dependencies: ["GongzhiKit"], resources: [.copy("Resources/Views")]),
        // Later modules read the registry through its public directory, never its tables.
        // The wall's ranking and weekly reports read the star groups' standing through its directory.
        .target(name: "GongzhiCampaigns", dependencies: ["GongzhiKit", "GongzhiRegistry", "GongzhiStarGroups"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiStarGroups", dependencies: ["GongzhiKit", "GongzhiRegistry"], resources: [.copy("Resources/Views")]),
        // Co-building reads the units' service (resources, projects, claims) through the service module's directory.
        .target(name: "GongzhiCoBuilding", dependencies: ["GongzhiKit", "GongzhiRegistry", "GongzhiService"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiVeterans", dependencies: ["GongzhiKit", "GongzhiRegistry"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiDeliberation", dependencies: ["GongzhiKit", "GongzhiRegistry"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiNews", dependencies: ["GongzhiKit", "GongzhiRegistry"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiService", dependencies: ["GongzhiKit", "GongzhiRegistry"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiCensus", dependencies: ["GongzhiKit", "GongzhiRegistry", "GongzhiStarGroups"], resources: [.copy("Resources/Views")]),
        .target(name: "GongzhiKit", dependencies: [
            "GongzhiCore",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "Leaf", package: "leaf"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [.copy("Resources/Views"), .copy("Resources/Public"), .copy("Resources/Collation")]),
        .target(name: "GongzhiCore"),
        .testTarget(name: "GongzhiCoreTests", dependencies: ["GongzhiCore"]),
        .testTarget(name: "GongzhiKitTests", dependencies: ["GongzhiKit"]),
        .testTarget(name: "GongzhiAppTests", dependencies: [
            "GongzhiApp", .product(name: "VaporTesting", package: "vapor"),
        ]),
    ]
)
