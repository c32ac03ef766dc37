// swift-tools-version:6.1
import Foundation
import PackageDescription

// libFuzzer targets for the mail readers, the reply cleaner, the Parquet reader and the record imports. Built by
// scripts/fuzz.sh with `-sanitize=fuzzer,address` in their own scratch folder (.build-fuzz), never by the main
// package's `swift build`.
// A path dependency is known by its folder's name, whatever the checkout is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let winnow = root.lastPathComponent.lowercased()

let package = Package(
    name: "WinnowFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "fuzz-mail", dependencies: ["FuzzDriver", .product(name: "WinnowMail", package: winnow)]),
        .executableTarget(
            name: "fuzz-reply-cleaner", dependencies: ["FuzzDriver", .product(name: "WinnowMail", package: winnow)]),
        .executableTarget(
            name: "fuzz-parquet", dependencies: ["FuzzDriver", .product(name: "WinnowParquet", package: winnow)]),
        .executableTarget(
            name: "fuzz-import", dependencies: ["FuzzDriver", .product(name: "WinnowImport", package: winnow)]),
        // libFuzzer's loop, which every target runs.
        .target(name: "FuzzDriver"),
    ]
)
