import Foundation
import StrataCore
import _StrataTestSupport

/// A fresh temporary directory per call (tests run in parallel).
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-data-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a temporary file named `name` and returns its URL.
func csvFile(_ text: String, name: String = "input.csv") -> URL {
    let url = temporaryDirectory().appendingPathComponent(name)
    try! Data(text.utf8).write(to: url)
    return url
}

/// The data fixtures directory.
let dataFixtures = fixturesDirectory().appendingPathComponent("data")

/// A JSON fixture as a dictionary.
func loadJSON(_ name: String) -> [String: Any] {
    let data = try! Data(contentsOf: dataFixtures.appendingPathComponent(name))
    return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
}

/// A JSON array of numbers (null → NaN).
func numbers(_ value: Any?) -> [Double] {
    (value as! [Any]).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
}

/// A JSON array of integers.
func integers(_ value: Any?) -> [Int] {
    (value as! [Any]).map { ($0 as! NSNumber).intValue }
}

/// Values close within `relative` (or `absolute` near zero); NaN only matches NaN.
func allClose(_ a: [Double], _ b: [Double], relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        if x.isNaN || y.isNaN { if !(x.isNaN && y.isNaN) { return false } else { continue } }
        if !isClose(x, y, relative: relative, absolute: absolute) { return false }
    }
    return true
}

extension Matrix {
    var doubles: [Double] { storage.map(Double.init) }
}
