extension Matrix {
    /// The rows scaled to unit Euclidean length (zero rows stay zero), in parallel.
    ///
    /// On unit rows the Euclidean order of neighbours is the cosine order, which is how the
    /// cosine metric of NN-descent and UMAP is computed.
    public func rowsNormalizedToUnitLength() -> Matrix {
        var out = self
        let d = columns
        out.storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let p = SendablePointer(base)
            Parallel.forEachChunk(count: rows, minimumChunk: 4096) { _, range in
                for i in range {
                    let row = p.base + i * d
                    let norm = Distance.dot(row, row, count: d).squareRoot()
                    if norm > 0 { for t in 0..<d { row[t] /= norm } }
                }
            }
        }
        return out
    }
}
