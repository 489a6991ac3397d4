import Foundation

/// Relative-or-absolute closeness used by tests comparing to reference fixtures.
public func isClose(_ a: Double, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-9) -> Bool {
    abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// The directory holding committed reference fixtures (`Tests/Fixtures`).
public func fixturesDirectory(file: StaticString = #filePath) -> URL {
    var url = URL(fileURLWithPath: "\(file)")
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("Tests/Fixtures")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    fatalError("Tests/Fixtures not found above \(file)")
}
