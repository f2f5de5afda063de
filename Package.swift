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
        // The system SQLite (Debian's libsqlite3-dev): its headers here, the library linked statically
        // below. See PlanfitKit's linker settings for why.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
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
            swiftSettings: [.swiftLanguageMode(.v6)],
            // SQLite and libyaml from their static archives (libsqlite3-dev, libyaml-dev), not their shared
            // libraries (issue 11): a shared library costs every start the loader's search, mapping and
            // symbol binding of it (libyaml: every command reads YAML), or, loaded on first use, a cache
            // hit a quarter of a millisecond of binding SQLite's ~1,300 symbols. Linked in, their code costs
            // nothing until it runs, and the binary ~1.4 MB. (`-l:FILE` names the archive itself.)
            linkerSettings: [
                .linkedLibrary(":libsqlite3.a", .when(platforms: [.linux])),
                .linkedLibrary(":libyaml.a", .when(platforms: [.linux])),
                .linkedLibrary("sqlite3", .when(platforms: [.macOS])),
                .linkedLibrary("yaml", .when(platforms: [.macOS])),
            ]
        ),
        .executableTarget(
            name: "planfit",
            dependencies: [
                "PlanfitKit",
                "ArgumentKit",
            ],
            swiftSettings: [.swiftLanguageMode(.v6)],
            // SwiftPM links executables with --export-dynamic, which put PlanfitKit's and ArgumentKit's
            // ~5,100 public symbols in the dynamic symbol table: ~400 KB the loader maps and every start
            // touches (~30 page faults), and a linear scan when the Swift runtime calls dladdr() at start
            // to find its backtracer. Nothing looks planfit's symbols up by name (issue 11).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
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
