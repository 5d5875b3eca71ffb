// swift-tools-version: 6.1
// SensingGym: a reinforcement-learning gym for adaptive radio sensing in 6G positioning.
import PackageDescription

let package = Package(
    name: "SensingGym",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SensingGym", targets: ["SensingGym"]),
        .executable(name: "sensing-gym", targets: ["SensingGymCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: - Public API

        /// Umbrella module: `import SensingGym` re-exports the whole library.
        .target(
            name: "SensingGym",
            dependencies: ["GymCore", "RadioScene", "Environments", "Agents", "GymBridge", "NeuralNet", "Localizers"]),

        /// Gymnasium's contract in Swift: `Env`, spaces, seeded RNG, vector env, wrappers, registry.
        .target(name: "GymCore"),

        /// Radio physics in SI units: geometry, arrays, image-method tracer, CRLB measurements, EKF, scenarios.
        .target(
            name: "RadioScene",
            dependencies: [
                "GymCore",
                "CSineCosine",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "Yams", package: "Yams"),
            ]),

        /// The MDPs (one file per environment) and their scenario files.
        .target(
            name: "Environments",
            dependencies: ["GymCore", "RadioScene", "Localizers"],
            path: "Environments",
            resources: [.copy("Scenarios")]),

        /// The learners: baselines, actor-critic (A2C, PPO) and meta-RL agents.
        .target(
            name: "Agents",
            dependencies: ["GymCore", "RadioScene", "Environments", "NeuralNet", "Localizers", "COpenBLAS"],
            path: "Agents",
            exclude: ["NeuralNet", "Localizers"]),

        /// Small dense neural networks with manual backward passes, Adam and atomic checkpoints.
        .target(name: "NeuralNet", dependencies: ["COpenBLAS"], path: "Agents/NeuralNet"),

        /// Fingerprint localizers (WKNN, random forest, weighted random forest) on CSI feature tables.
        .target(name: "Localizers", dependencies: ["GymCore"], path: "Agents/Localizers"),

        /// ZeroMQ server and Swift client (`RemoteEnv`) speaking the SensingGym wire protocol v1.
        .target(
            name: "GymBridge",
            dependencies: ["CZeroMQ", "GymCore", "RadioScene", "Environments"]),

        /// The `sensing-gym` command-line tool.
        .executableTarget(
            name: "SensingGymCLI",
            // Every library module directly, not only through the umbrella's re-exports: SwiftPM rebuilds a target
            // when a direct dependency's module changes, and misses a struct's new layout that reaches it through
            // `@_exported import` (swiftlang/swift#89636), which then corrupts memory at run time.
            dependencies: [
                "SensingGym", "GymCore", "RadioScene", "Environments", "Agents", "GymBridge", "NeuralNet", "Localizers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Implementation details

        /// libzmq, found through pkg-config (Debian: libzmq3-dev).
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]),

        /// OpenBLAS's CBLAS (`cblas_sgemm`), found through pkg-config (Debian: libopenblas-dev); NeuralNet's matrix products.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),

        /// The C library's joint sine and cosine (`sincos`, one argument reduction for both; the same bits as `sin`
        /// and `cos`), which Swift's Glibc module does not import; header only.
        .systemLibrary(name: "CSineCosine"),

        /// Shared test assertions, including the environment contract checker every env is held to.
        .target(name: "GymTestSupport", dependencies: ["GymCore"]),

        // MARK: - Unit test bundles

        .testTarget(name: "GymCoreTests", dependencies: ["GymCore", "GymTestSupport"]),
        .testTarget(
            name: "RadioSceneTests",
            dependencies: ["RadioScene", "GymCore", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(
            name: "EnvironmentsTests",
            dependencies: ["Environments", "RadioScene", "GymCore", "GymTestSupport"]),
        .testTarget(name: "AgentsTests", dependencies: ["Agents", "Environments", "GymCore", "NeuralNet", "RadioScene"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "LocalizersTests", dependencies: ["Localizers", "GymCore"], exclude: ["sklearn_reference.py"]),
        .testTarget(
            name: "GymBridgeTests", dependencies: ["GymBridge", "CZeroMQ", "Environments", "GymCore", "GymTestSupport"]),
    ]
)
