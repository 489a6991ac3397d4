import StrataCore

extension SymmetricEigen {
    /// The layout UMAP's Rayleigh–Ritz steps use: eigenvalues descending and a row-major `m × m`
    /// matrix whose column `j` is the eigenvector of value `j`. Backed by StrataCore's
    /// Householder + QL solver; a non-finite input (which the spectral code never builds) yields
    /// an identity basis rather than a crash.
    static func decompose(_ matrix: [Double], size m: Int) -> (values: [Double], vectors: [Double]) {
        guard let eigen = try? SymmetricEigen(symmetric: matrix, dimension: m) else {
            var identity = [Double](repeating: 0, count: m * m)
            for i in 0..<m { identity[i * m + i] = 1 }
            return ([Double](repeating: 0, count: m), identity)
        }
        var vectors = [Double](repeating: 0, count: m * m)
        for j in 0..<m { for i in 0..<m { vectors[i * m + j] = eigen.vectors[j][i] } }
        return (eigen.values, vectors)
    }
}
