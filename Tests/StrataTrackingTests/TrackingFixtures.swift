import Foundation
import _StrataTestSupport

/// `Tests/Fixtures/tracking/tracking.json`, written by `make_tracking.py` (hashlib, NumPy).
struct TrackingFixtures: Decodable {
    struct Digest: Decodable { let length: Int; let sha256: String }
    struct Series: Decodable {
        let name: String
        let values: [Double]
        let count: Int
        let min: Double
        let max: Double
        let avg: Double
        let std: Double
        let last: Double
    }

    let digests: [Digest]
    let series: [Series]

    static let shared: TrackingFixtures = {
        let url = fixturesDirectory().appendingPathComponent("tracking/tracking.json")
        // A missing or broken fixture is a broken checkout: fail loudly in the test that loads it.
        return try! JSONDecoder().decode(TrackingFixtures.self, from: Data(contentsOf: url))
    }()

    static func pattern(_ length: Int) -> [UInt8] { (0..<length).map { UInt8($0 % 251) } }
}
