import CStrataDigest
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

    /// The CPU's SHA instructions (where this machine has them; the fixtures above then run
    /// through them) and the portable code give the same state on every block count.
    @Test func shaInstructionsAgreeWithPortableCode() {
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        for blocks in [1, 2, 3, 7, 64, 1_000] {
            let bytes = (0..<(blocks * 64)).map { _ -> UInt8 in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: seed >> 56)
            }
            var dispatched: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
            var portable = dispatched
            bytes.withUnsafeBufferPointer { b in
                strata_sha256_blocks(&dispatched, b.baseAddress!, blocks)
                strata_sha256_blocks_portable(&portable, b.baseAddress!, blocks)
            }
            #expect(dispatched == portable, "\(blocks) block(s)")
        }
    }
}
