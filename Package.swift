// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        .executable(name: "winnow-bench", targets: ["winnow-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // C libraries, wrapped once. No pointer from them leaves WinnowHTML / WinnowLinalg.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),

        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),

        .target(name: "WinnowCore", dependencies: ["CCrypto"], swiftSettings: swiftSettings),
        .target(name: "WinnowHTML", dependencies: ["CLibXML2"], swiftSettings: swiftSettings),
        .target(
            name: "WinnowImport", dependencies: ["WinnowCore", "WinnowHTML", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowStore", dependencies: ["WinnowCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowRules",
            dependencies: ["WinnowCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        .target(name: "WinnowLinalg", dependencies: ["CBLAS"], swiftSettings: swiftSettings),
        .target(name: "WinnowEncoder", dependencies: ["WinnowCore", "WinnowLinalg"], swiftSettings: swiftSettings),
        .target(
            name: "WinnowTrain", dependencies: ["WinnowCore", "WinnowLinalg", "WinnowEncoder"],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowApp",
            dependencies: [
                "WinnowCore", "WinnowImport", "WinnowStore", "WinnowRules", "WinnowEncoder", "WinnowLinalg",
                "WinnowTrain", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "winnow",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowStore", "WinnowImport", "WinnowRules", "WinnowEncoder", "WinnowTrain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "winnow-bench",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowRules", "WinnowEncoder", "WinnowLinalg", "WinnowTrain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/winnow-bench", swiftSettings: swiftSettings),

        .testTarget(name: "WinnowCoreTests", dependencies: ["WinnowCore"], swiftSettings: swiftSettings),
        .testTarget(name: "WinnowHTMLTests", dependencies: ["WinnowHTML"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowImportTests", dependencies: ["WinnowImport", "WinnowCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowStoreTests",
            dependencies: ["WinnowStore", "WinnowCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowRulesTests", dependencies: ["WinnowRules", "WinnowCore", "WinnowImport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowEncoderTests", dependencies: ["WinnowEncoder", "WinnowLinalg", "WinnowCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowTrainTests", dependencies: ["WinnowTrain", "WinnowEncoder", "WinnowLinalg", "WinnowCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowAppTests",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowStore", "WinnowImport", "WinnowEncoder", "WinnowLinalg", "WinnowTrain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
    ]
)
