/// The test `distance <= radius` between two Float32 points, decided exactly as scikit-learn's
/// float64 comparison on Float32 input: squared distances are computed in Float, and only those
/// within a rounding margin of `radius²` are recomputed in Double and compared with
/// `Double(radius)²`. Shared by ``KDTree`` radius queries and grid-based DBSCAN, so both count
/// exactly the same neighbours.
///
/// ```swift
/// let test = RadiusTest(radius: 0.5, columns: 2)
/// test.contains(a, b)   // a, b: UnsafePointer<Float> to two rows
/// ```
///
/// Complexity: O(d) per pair.
package struct RadiusTest: Sendable {
    @usableFromInline let d: Int
    /// `radius²` in Float, and the band around it where Float rounding could decide wrongly.
    @usableFromInline let r2: Float, r2lo: Float, r2hi: Float
    @usableFromInline let r2Exact: Double

    @inlinable
    package init(radius: Float, columns: Int) {
        d = columns
        r2 = radius * radius
        // Float rounding of a d-term sum of squares stays below (d + 2)·u relative; 4× margin.
        let tol = Float(columns + 4) * 2.4e-7
        r2lo = r2 * (1 - tol)
        r2hi = r2 * (1 + tol)
        r2Exact = Double(radius) * Double(radius)
    }

    /// Squared radius bounds: a Float squared distance below `lower` is surely inside, above
    /// `upper` surely outside (for box pruning, where only the sure answers matter).
    @inlinable package var lower: Float { r2lo }
    @inlinable package var upper: Float { r2hi }

    @inlinable
    package func contains(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Bool {
        var acc: Float = 0
        for c in 0..<d { let v = a[c] - b[c]; acc += v * v }
        if acc < r2lo { return true }
        if acc > r2hi { return false }
        var exact = 0.0
        for c in 0..<d { let v = Double(a[c]) - Double(b[c]); exact += v * v }
        return exact <= r2Exact
    }
}
