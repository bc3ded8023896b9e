// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "polar-customers",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PolarModels", targets: ["PolarModels"]),
        .library(name: "Polar", targets: ["Polar"]),
        .library(name: "PolarServer", targets: ["PolarServer"]),
        .executable(name: "polar-server", targets: ["polar-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(name: "PolarModels", swiftSettings: swiftSettings),
        /// Polar's validators as its Python libraries answer (email-validator, idna, python-stdnum,
        /// langcodes, pycountry), on Foundation alone.
        .target(name: "PolarCompatibility", swiftSettings: swiftSettings),
        /// A Stripe test-mode emulator: the endpoints Polar's payment-method flow calls.
        .target(
            name: "StripeEmulator",
            dependencies: [
                "PolarModels",
                "PolarCompatibility",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Polar",
            dependencies: [
                "PolarModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PolarServer",
            dependencies: [
                "PolarModels",
                "PolarCompatibility",
                "StripeEmulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/web")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "polar-server",
            dependencies: [
                "PolarServer",
                "PolarModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "polar-ceiling",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PolarCompatibilityTests",
            dependencies: ["PolarCompatibility"],
            resources: [.copy("Resources/tax-id-vectors.json")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PolarServerTests",
            dependencies: [
                "PolarServer",
                "StripeEmulator",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // Read from the source tree by GoldenResponseTests, which can rewrite them.
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PolarModelsTests", dependencies: ["PolarModels"], swiftSettings: swiftSettings),
        /// The SDK against a mock transport: no server, no network.
        .testTarget(name: "PolarTests", dependencies: ["Polar"], swiftSettings: swiftSettings),
        /// The SDK against a live server on a real socket.
        .testTarget(
            name: "PolarIntegrationTests",
            dependencies: [
                "Polar",
                "PolarServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
