// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kaoping",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kaoping", targets: ["kaoping"]),
        .library(name: "KaopingCore", targets: ["KaopingCore"]),
        // libFuzzer targets (`make fuzz`); built normally, it replays saved inputs.
        .executable(name: "kaoping-fuzz", targets: ["kaoping-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Debian's libcsv-dev ships no pkg-config file: the modulemap links it by name.
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // What Swift's Glibc module does not expose (renameat2 with RENAME_EXCHANGE, mallopt,
        // prefetch hints), and the byte scans that go 32 bytes at a time with AVX2 where the
        // processor has it (UTF-8 validity, delimiters and quotes, line breaks).
        .target(name: "CSystemSupport"),
        .target(
            name: "KaopingCore",
            dependencies: [
                "CLibCSV",
                "CSystemSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [
                // Release builds skip the run-time exclusivity checks on the per-field hot path
                // (libcsv's callbacks); debug builds, and so every test run, keep them.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "kaoping",
            dependencies: [
                "KaopingCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "kaoping-fuzz",
            dependencies: ["KaopingCore"]
        ),
        .testTarget(
            name: "KaopingCoreTests",
            dependencies: ["KaopingCore"],
            // Golden files are read from the source tree, so the tests can rewrite them.
            exclude: ["Golden"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
