import Foundation
import StrataTracking
import Testing

@Suite struct SHA256HasherTests {
    @Test(arguments: TrackingFixtures.shared.digests.map(\.length))
    func matchesHashlib(length: Int) {
        let expected = TrackingFixtures.shared.digests.first { $0.length == length }!.sha256
        let bytes = TrackingFixtures.pattern(length)
        var whole = SHA256Hasher()
        bytes.withUnsafeBytes { whole.update($0) }
        #expect(whole.finalize() == expected)
        // Fed in uneven chunks, through both update paths.
        var chunked = SHA256Hasher()
        var index = 0
        var chunk = 1
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            if chunk % 2 == 0 { chunked.update(bytes[index..<end]) } else { bytes[index..<end].withUnsafeBytes { chunked.update($0) } }
            index = end
            chunk = chunk * 3 + 1
        }
        #expect(chunked.finalize() == expected)
    }
}
