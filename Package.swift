// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The numeric targets (matrices, the encoder, the trainer) and the mail reader are optimised in debug builds too:
/// their inner loops are what `make demo` and the tests spend their time in, and unoptimised they are 10 to 50
/// times slower.
let numericSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        .executable(name: "winnow-bench", targets: ["winnow-bench"]),
        // For the fuzz targets under Fuzz/, a package of their own that depends on this one.
        .library(name: "WinnowMail", targets: ["WinnowMail"]),
        .library(name: "WinnowParquet", targets: ["WinnowParquet"]),
        .library(name: "WinnowImport", targets: ["WinnowImport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
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
        // zlib and Zstandard, for Parquet pages.
        .systemLibrary(name: "CCompression", providers: [.apt(["zlib1g-dev", "libzstd-dev"]), .brew(["zstd"])]),

        .target(name: "WinnowCore", dependencies: ["CCrypto"], swiftSettings: swiftSettings),
        .target(name: "WinnowHTML", dependencies: ["CLibXML2"], swiftSettings: swiftSettings),
        // Reading mail: MIME messages, mbox files, and the reply cleaner every importer and rule shares.
        .target(name: "WinnowMail", dependencies: ["WinnowCore", "WinnowHTML"], swiftSettings: numericSettings),
        // Reading Parquet files (as Hugging Face datasets are stored): pages decoded in loops of their own.
        .target(
            name: "WinnowParquet",
            dependencies: ["WinnowCore", "CCompression"],
            swiftSettings: numericSettings),
        .target(
            name: "WinnowImport",
            dependencies: [
                "WinnowCore", "WinnowHTML", "WinnowMail", "WinnowParquet", .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowStore",
            dependencies: [
                "WinnowCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowRules",
            dependencies: ["WinnowCore", "WinnowMail", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowReview", dependencies: ["WinnowCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        .target(name: "WinnowLinalg", dependencies: ["CBLAS"], swiftSettings: numericSettings),
        .target(name: "WinnowEncoder", dependencies: ["WinnowCore", "WinnowLinalg"], swiftSettings: numericSettings),
        .target(name: "WinnowExport", dependencies: ["WinnowCore"], swiftSettings: swiftSettings),
        .target(name: "WinnowReport", swiftSettings: swiftSettings),
        .target(name: "WinnowDedup", dependencies: ["WinnowCore", "WinnowLinalg"], swiftSettings: numericSettings),
        .target(name: "WinnowAudit", dependencies: ["WinnowCore", "WinnowLinalg"], swiftSettings: numericSettings),
        .target(
            name: "WinnowTrain", dependencies: ["WinnowCore", "WinnowLinalg", "WinnowEncoder"],
            swiftSettings: numericSettings),
        .target(
            name: "WinnowApp",
            dependencies: [
                "WinnowCore", "WinnowImport", "WinnowStore", "WinnowRules", "WinnowEncoder", "WinnowLinalg",
                "WinnowExport", "WinnowReport", "WinnowReview", "WinnowDedup", "WinnowAudit", "WinnowTrain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "WinnowWeb",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowStore", "WinnowReview", "WinnowReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "winnow",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowStore", "WinnowImport", "WinnowRules", "WinnowEncoder",
                "WinnowReview",
                "WinnowWeb", "WinnowExport", "WinnowReport", "WinnowDedup", "WinnowAudit", "WinnowTrain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "winnow-bench",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowRules", "WinnowEncoder", "WinnowLinalg", "WinnowExport",
                "WinnowDedup",
                "WinnowAudit", "WinnowStore", "WinnowImport", "WinnowMail", "WinnowTrain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/winnow-bench", swiftSettings: swiftSettings),

        .testTarget(name: "WinnowCoreTests", dependencies: ["WinnowCore"], swiftSettings: swiftSettings),
        .testTarget(name: "WinnowReportTests", dependencies: ["WinnowReport"], swiftSettings: swiftSettings),
        .testTarget(name: "WinnowHTMLTests", dependencies: ["WinnowHTML"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowMailTests", dependencies: ["WinnowMail", "WinnowCore", "WinnowHTML"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowImportTests",
            dependencies: [
                "WinnowImport", "WinnowCore", "WinnowMail", "WinnowParquet", "WinnowTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowStoreTests",
            dependencies: [
                "WinnowStore", "WinnowCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowRulesTests", dependencies: ["WinnowRules", "WinnowCore", "WinnowImport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowEncoderTests", dependencies: ["WinnowEncoder", "WinnowLinalg", "WinnowCore"],
            swiftSettings: swiftSettings),
        .executableTarget(name: "browser-driver", path: "Tests/BrowserDriver", swiftSettings: swiftSettings),
        .target(
            name: "WinnowTestSupport", dependencies: ["WinnowCore", "WinnowStore"], path: "Tests/Support",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowReviewTests", dependencies: ["WinnowReview", "WinnowCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowWebTests",
            dependencies: [
                "WinnowWeb", "WinnowApp", "WinnowCore", "WinnowStore", "WinnowTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowExportTests", dependencies: ["WinnowExport", "WinnowCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowDedupTests", dependencies: ["WinnowDedup", "WinnowLinalg", "WinnowCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowAuditTests", dependencies: ["WinnowAudit", "WinnowLinalg", "WinnowCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowTrainTests", dependencies: ["WinnowTrain", "WinnowEncoder", "WinnowLinalg", "WinnowCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinnowAppTests",
            dependencies: [
                "WinnowApp", "WinnowCore", "WinnowStore", "WinnowImport", "WinnowEncoder", "WinnowExport",
                "WinnowReport",
                "WinnowReview", "WinnowTestSupport", "WinnowLinalg", "WinnowTrain", "WinnowAudit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
    ]
)
