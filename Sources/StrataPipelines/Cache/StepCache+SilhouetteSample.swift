import Foundation
import StrataCore

extension StepCache {
    /// 16 bytes, so the distances after the header and positions are aligned in the file.
    static let silhouetteMagic = Array("STRATASILHOUET3\n".utf8)

    /// The fixed-sample silhouette scorer of `shared` (its sampled rows and their pairwise
    /// distances), from the cache when this exact matrix's sample was stored, else computed and
    /// stored.
    ///
    /// Every attempt of a sweep scores its labels in the same scaled space: keyed by a
    /// fingerprint of the matrix's values, the sample size and the seed, the O(s² d) distance
    /// work is done once per scaled space and each attempt pays O(s²). The entry (a sealed
    /// file, 2·s² bytes: 200 MB at 10,000 rows) is memory-mapped when read, and listed, trimmed
    /// and cleared with the step outputs. A missing entry is computed by one process at a time.
    /// `key`, when given, is the step-cache key `shared` was made under (see
    /// ``PipelineExecution/Outcome/sharedSpaceKey``) and identifies it; otherwise its values are
    /// hashed.
    func silhouetteSample(of shared: Matrix, key sourceKey: String? = nil, sampleSize: Int, seed: UInt64) -> FixedSampleSilhouette {
        var hash = Fingerprint()
        hash.update("silhouette-sample \(sampleSize) \(seed) \(shared.rows)x\(shared.columns)")
        if let sourceKey { hash.update("of step " + sourceKey) } else { shared.storage.withUnsafeBytes { hash.update($0) } }
        let key = hash.hex, file = url(key)
        if let kept = memo?.value(key, as: FixedSampleSilhouette.self) { return kept }
        let tableBytes = 2 * FixedSampleSilhouette.tableCount(Swift.min(sampleSize, shared.rows))
        let cached = { () -> FixedSampleSilhouette? in
            guard let data = try? Data(contentsOf: file, options: .alwaysMapped),
                  let scorer = Self.openSilhouetteSample(data, rows: shared.rows, sampleSize: sampleSize) else { return nil }
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
            memo?.keep(key, scorer, bytes: tableBytes)
            return scorer
        }
        if let scorer = cached() { return scorer }
        // Sweep workers reach their first score together: one computes, the others wait and read
        // (as for the step outputs, ``loadOrCompute(key:compute:)``).
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let lock = EntryLock(url: lockURL(key))
        defer { lock.release() }
        lock.acquire()
        if let scorer = cached() { return scorer }
        // The entry's payload is the table's own storage: header and positions in its prefix.
        let positions = FixedSampleSilhouette.samplePositions(rows: shared.rows, sampleSize: sampleSize, seed: seed)
        let s = positions.count
        let table = FixedSampleSilhouette.distances(shared, rows: positions, prefix: 16 + 4 * s) { raw in
            raw.storeBytes(of: UInt64(shared.rows).littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: UInt64(s).littleEndian, toByteOffset: 8, as: UInt64.self)
            for (i, p) in positions.enumerated() { raw.storeBytes(of: UInt32(p).littleEndian, toByteOffset: 16 + 4 * i, as: UInt32.self) }
        }
        let scorer = FixedSampleSilhouette(positions: positions, rowCount: shared.rows, table: table)
        let payload = table.owner
        if (try? payload.withUnsafeBytes { try SealedPayload.write($0, magic: StepCache.silhouetteMagic, to: file) }) != nil { trim() }
        lock.removeFile()
        memo?.keep(key, scorer, bytes: tableBytes)
        return scorer
    }

    /// The scorer in a cache entry, or nil when the entry is damaged or for other data.
    private static func openSilhouetteSample(_ data: Data, rows: Int, sampleSize: Int) -> FixedSampleSilhouette? {
        let parsed = try? data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> (positions: [Int], offset: Int)? in
            let payload = try SealedPayload.open(raw, magic: silhouetteMagic)
            guard payload.count >= 16,
                  Int(UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 0, as: UInt64.self))) == rows else { return nil }
            let s = Int(UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            guard s == Swift.min(sampleSize, rows), payload.count == 16 + 4 * s + 2 * FixedSampleSilhouette.tableCount(s) else { return nil }
            let positions = (0..<s).map { Int(UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: 16 + 4 * $0, as: UInt32.self))) }
            guard zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }), (positions.last ?? 0) < rows else { return nil }
            return (positions, payload.baseAddress! - raw.baseAddress! + 16 + 4 * s)
        }
        guard let parsed = parsed ?? nil else { return nil }
        return FixedSampleSilhouette(positions: parsed.positions, rowCount: rows,
                                     table: FixedSampleSilhouette.DistanceTable(owner: data, offset: parsed.offset))
    }
}

extension Optional where Wrapped == StepCache {
    /// The fixed-sample silhouette scorer through the cache when there is one.
    func silhouetteSample(of shared: Matrix, key: String? = nil, sampleSize: Int, seed: UInt64) -> FixedSampleSilhouette {
        if let cache = self { return cache.silhouetteSample(of: shared, key: key, sampleSize: sampleSize, seed: seed) }
        return FixedSampleSilhouette(shared, sampleSize: sampleSize, seed: seed)
    }
}
