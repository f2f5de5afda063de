// swift-tools-version:6.0
import PackageDescription

// Dependencies are chosen for clean-build cost on small machines (see docs/architecture.md): no NIO, no
// async-http-client. SQLite, libcurl and libyaml are the system libraries.
let package = Package(
    name: "planfit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "planfit", targets: ["planfit"]),
        .library(name: "PlanfitKit", targets: ["PlanfitKit"]),
    ],
    dependencies: [],
    targets: [
        // The system SQLite, loaded with dlopen the first time a command opens the cache, not linked
        // (see include/CSQLite.h): the build needs only the headers (Debian's libsqlite3-dev).
        .target(
            name: "CSQLite",
            path: "Sources/CSQLite",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // libcurl directly, not through URLSession: FoundationNetworking's URLSession keeps a dispatch
        // timer spinning while a slow local model reads the prompt, burning the CPU the model needs.
        // Loaded with dlopen on first use, not linked (see include/CCurl.h): the build needs only the
        // headers (Debian's libcurl4-openssl-dev), and commands that never talk to a server start faster.
        .target(
            name: "CCurl",
            path: "Sources/CCurl",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // libyaml directly, not through Yams: Yams imports Foundation, which links ICU into planfit
        // (issue 11); PlanfitKit's YAML/ composes libyaml's events into its own nodes.
        .systemLibrary(
            name: "CYAML",
            path: "Sources/CYAML",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The command line, read from declarations instead of reflection (see docs/architecture.md).
        .target(
            name: "ArgumentKit",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "PlanfitKit",
            dependencies: [
                "CSQLite",
                "CCurl",
                "CYAML",
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "planfit",
            dependencies: [
                "PlanfitKit",
                "ArgumentKit",
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ArgumentKitTests",
            dependencies: ["ArgumentKit"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "PlanfitKitTests",
            dependencies: ["PlanfitKit"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
