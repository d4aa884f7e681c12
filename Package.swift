// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SurvQL",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "survql", targets: ["survql"]),
        .executable(name: "survql-bench", targets: ["survql-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: Syntax — source files, diagnostics, lexer, parser, AST. Imports nothing of ours.
        .target(name: "SurvQLSyntax"),
        .testTarget(name: "SurvQLSyntaxTests", dependencies: ["SurvQLSyntax", "SurvQLSemantics"], exclude: ["Cases", "Format"]),

        // MARK: Semantics — names, kinds, the checker; completion and hover facts.
        .target(name: "SurvQLSemantics", dependencies: ["SurvQLSyntax"]),

        // MARK: Statistics — arrays in, results out. Knows nothing of the language.
        .target(name: "Survival"),
        .testTarget(
            name: "SurvivalTests",
            dependencies: ["Survival"],
            resources: [.copy("Fixtures")]
        ),

        // MARK: Data — columnar tables, loaders, cBioPortal studies, demo cohort, alteration index.
        .target(name: "SurvQLData", dependencies: ["SurvQLSyntax"]),
        .testTarget(name: "SurvQLDataTests", dependencies: ["SurvQLData", "SurvQLSyntax"]),

        // MARK: Runtime — session, cohorts, evaluator.
        .target(name: "SurvQLRuntime", dependencies: ["SurvQLSyntax", "SurvQLSemantics", "Survival", "SurvQLData"]),
        .testTarget(
            name: "SurvQLRuntimeTests",
            dependencies: ["SurvQLRuntime", "SurvQLRendering", "SurvQLSyntax", "SurvQLData", "Survival"]
        ),

        // MARK: Rendering — text tables, JSON, CSV, diagnostic printing.
        .target(name: "SurvQLRendering", dependencies: ["SurvQLRuntime", "SurvQLSyntax", "Survival", "SurvQLData"]),

        // MARK: Analysis — completion, hover, symbols, schemas, formatting for the REPL and the server.
        .target(name: "SurvQLAnalysis", dependencies: ["SurvQLSyntax", "SurvQLSemantics", "SurvQLData", "SurvQLRuntime"]),
        .testTarget(name: "SurvQLAnalysisTests", dependencies: ["SurvQLAnalysis", "SurvQLSyntax", "SurvQLSemantics", "SurvQLRuntime", "SurvQLData", "Survival"]),

        // MARK: Language server — JSON-RPC framing and LSP handlers.
        .target(name: "SurvQLServer", dependencies: ["SurvQLSyntax", "SurvQLSemantics", "SurvQLRuntime", "SurvQLRendering", "SurvQLAnalysis"]),

        // MARK: libedit — system library with C shims for the variadic calls.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        // MARK: Executables — thin front ends.
        .executableTarget(
            name: "survql",
            dependencies: [
                "SurvQLSyntax", "SurvQLSemantics", "SurvQLRuntime", "SurvQLRendering", "SurvQLServer", "SurvQLData",
                "SurvQLAnalysis", "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "survql-bench", dependencies: ["Survival", "SurvQLData", "SurvQLSyntax", "SurvQLSemantics", "SurvQLRuntime", "SurvQLAnalysis"]),
    ],
    swiftLanguageModes: [.v6]
)
