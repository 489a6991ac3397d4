/// GLOSH outlier scores (Campello, Moulavi, Zimek & Sander, "Hierarchical density estimates for
/// data clustering, visualization, and outlier detection", TKDD 2015), as the hdbscan package's
/// `outlier_scores`: `1 - λ(x) / λmax(C)`, where λ(x) is the density at which row x left cluster C
/// and λmax(C) the highest density reached anywhere below C.
///
/// One deviation: where λmax(C) is infinite (C holds more than `minSamples` identical rows) and
/// λ(x) is finite, the package divides ∞ by ∞ and returns NaN; we return the limit, 1.
/// Complexity O(rows of the condensed tree).
enum GLOSH {
    static func scores(_ tree: HDBSCAN.CondensedTree) -> [Double] {
        let n = tree.pointCount, root = n
        let clusterCount = tree.maximumCluster - root + 1
        var deaths = [Double](repeating: 0, count: clusterCount)
        for r in tree.rows where r.lambda > deaths[r.parent - root] { deaths[r.parent - root] = r.lambda }
        // Rows are in breadth-first order, so walking them backwards sees children before parents.
        for r in tree.rows.reversed() where r.child >= root {
            if deaths[r.child - root] > deaths[r.parent - root] { deaths[r.parent - root] = deaths[r.child - root] }
        }
        var out = [Double](repeating: 0, count: n)
        for r in tree.rows where r.child < root {
            let maxLambda = deaths[r.parent - root]
            if maxLambda == 0 || !r.lambda.isFinite {
                out[r.child] = 0
            } else if maxLambda.isInfinite {
                out[r.child] = 1
            } else {
                out[r.child] = (maxLambda - r.lambda) / maxLambda
            }
        }
        return out
    }
}
