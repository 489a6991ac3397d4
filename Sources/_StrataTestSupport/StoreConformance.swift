import Foundation
import StrataTracking

/// The ``TrackingStore`` contract as executable checks, run unchanged against every store
/// (SQLite file, memory, later PostgreSQL and the remote HTTP store).
///
/// ```swift
/// @Test(arguments: StoreConformance.checks.map(\.name))
/// func sqlite(_ check: String) async throws {
///     try await StoreConformance.run(check) { try SQLiteTrackingStore(path: temporaryPath()) }
/// }
/// ```
///
/// Each check gets a fresh store from the factory and throws ``ConformanceFailure`` naming what
/// differed from the contract.
public enum StoreConformance {
    public struct Check: Sendable {
        public let name: String
        public let run: @Sendable (any TrackingStore) async throws -> Void
    }

    public static var checks: [Check] { entityChecks + writeChecks + trackerChecks + runChecks }

    /// Runs the check called `name` against a fresh store from `makeStore`.
    public static func run(_ name: String, makeStore: () async throws -> any TrackingStore) async throws {
        guard let check = checks.first(where: { $0.name == name }) else {
            throw ConformanceFailure("no conformance check named \(name)")
        }
        try await check.run(try await makeStore())
    }

    /// Runs every check, each on its own fresh store; returns the failures as "name: message".
    public static func runAll(makeStore: () async throws -> any TrackingStore) async -> [String] {
        var failures: [String] = []
        for check in checks {
            do { try await check.run(try await makeStore()) } catch { failures.append("\(check.name): \(error)") }
        }
        return failures
    }
}

/// A broken promise of the store contract.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String, file: StaticString = #fileID, line: UInt = #line) {
        self.description = "\(description) (\(file):\(line))"
    }
}

func require(_ condition: Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) throws {
    if !condition { throw ConformanceFailure(message(), file: file, line: line) }
}

func requireEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String,
                                file: StaticString = #fileID, line: UInt = #line) throws {
    if actual != expected { throw ConformanceFailure("\(what): got \(actual), expected \(expected)", file: file, line: line) }
}

func requireClose(_ actual: Double, _ expected: Double, _ what: String, tolerance: Double = 1e-9,
                  file: StaticString = #fileID, line: UInt = #line) throws {
    if abs(actual - expected) > tolerance * max(1, abs(expected)) {
        throw ConformanceFailure("\(what): got \(actual), expected \(expected)", file: file, line: line)
    }
}

/// Runs `body`, which must throw a ``TrackingError`` that `matches` accepts.
func requireError(_ what: String, file: StaticString = #fileID, line: UInt = #line,
                  _ matches: (TrackingError) -> Bool, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as TrackingError {
        if !matches(error) { throw ConformanceFailure("\(what): wrong error \(error)", file: file, line: line) }
        return
    } catch {
        throw ConformanceFailure("\(what): threw \(error), not a TrackingError", file: file, line: line)
    }
    throw ConformanceFailure("\(what): no error thrown", file: file, line: line)
}

func isNotFound(_ error: TrackingError) -> Bool { if case .notFound = error { true } else { false } }
func isInvalidName(_ error: TrackingError) -> Bool { if case .invalidName = error { true } else { false } }
func isInvalidValue(_ error: TrackingError) -> Bool { if case .invalidValue = error { true } else { false } }
func isLimit(_ error: TrackingError) -> Bool { if case .limitExceeded = error { true } else { false } }
