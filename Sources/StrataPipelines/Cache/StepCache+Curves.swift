import Foundation
import StrataCore
import StrataNeighbors

extension StepCache {
    static let curveMagic = Array("STRATACURVE1\n".utf8)

    /// The ascending k-distance curve of `input` at `k`, from the cache when this exact matrix's
    /// curve was stored, else computed (one k-nearest search) and stored.
    ///
    /// A sweep over DBSCAN's eps and min_samples on one embedding needs the same curve for every
    /// eps (for `eps: auto` and `k_distance.json`): keyed by a fingerprint of the matrix's values
    /// and `k`, it is searched once per min_samples. Entries are small (4 bytes a row) sealed
    /// files beside the step outputs, listed, trimmed and cleared with them.
    public func kDistanceCurve(k: Int, of input: Matrix) throws -> [Float] {
        var hash = Fingerprint()
        hash.update("k-distance \(k) \(input.rows)x\(input.columns)")
        input.storage.withUnsafeBytes { hash.update($0) }
        let key = hash.hex, file = url(key)
        if let kept = memo?.value(key, as: [Float].self), kept.count == input.rows { return kept }
        if let data = try? Data(contentsOf: file),
           let curve = try? data.withUnsafeBytes({ (raw: UnsafeRawBufferPointer) throws -> [Float] in
               let payload = try SealedPayload.open(raw, magic: StepCache.curveMagic)
               return (0..<(payload.count / 4)).map { Float(bitPattern: UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
           }), curve.count == input.rows {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
            memo?.keep(key, curve, bytes: 4 * curve.count)
            return curve
        }
        // The worker's search tree of this matrix (DBSCAN's, memoized) serves every k.
        let curve = input.columns <= 15
            ? try KDistance(k: k).curve(input, tree: ClusterFitting.searchTree(input, cache: self))
            : try KDistance(k: k).curve(input)
        memo?.keep(key, curve, bytes: 4 * curve.count)
        var bytes = [UInt8]()
        bytes.reserveCapacity(curve.count * 4)
        for value in curve { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if (try? SealedPayload.write(bytes, magic: StepCache.curveMagic, to: file)) != nil { trim() }
        return curve
    }
}

extension Optional where Wrapped == StepCache {
    /// The k-distance curve through the cache when there is one.
    func kDistanceCurve(k: Int, of input: Matrix) throws -> [Float] {
        if let cache = self { return try cache.kDistanceCurve(k: k, of: input) }
        return try KDistance(k: k).curve(input)
    }
}
