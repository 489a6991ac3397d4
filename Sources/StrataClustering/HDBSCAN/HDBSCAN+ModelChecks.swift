import StrataCore

extension HDBSCAN.Model {
    /// Refuses a model whose parts do not fit together (a model file edited or written wrongly):
    /// every index ``approximatePredict(_:)`` follows must point inside its array, so a bad model
    /// is one error instead of a trap or a huge allocation.
    func validateForPrediction() throws(StrataError) {
        let n = trainingData.rows, root = n
        func bad(_ what: String) -> StrataError { .invalidArgument("the HDBSCAN model is inconsistent: \(what)") }
        guard labels.count == n, predictionCoreDistances.count == n, condensedTree.pointCount == n else {
            throw bad("\(labels.count) labels and \(predictionCoreDistances.count) core distances for \(n) training rows")
        }
        guard labels.allSatisfy({ $0 >= -1 && $0 < selectedClusters.count }) else { throw bad("a label outside -1..<\(selectedClusters.count)") }
        // A condensed tree over n points has at most n - 1 clusters besides the root.
        let maximum = condensedTree.maximumCluster
        guard maximum >= root, maximum - root < n else { throw bad("cluster id \(maximum) outside \(root)..<\(2 * n)") }
        for row in condensedTree.rows {
            guard row.parent >= root, row.parent <= maximum else { throw bad("condensed-tree parent \(row.parent) outside \(root)...\(maximum)") }
            guard (row.child >= 0 && row.child < n) || (row.child > root && row.child <= maximum) else {
                throw bad("condensed-tree child \(row.child) is neither a row nor a cluster")
            }
            // Clusters are numbered after their parents: this keeps the walks up and down the tree finite.
            guard row.child < root || row.child > row.parent else { throw bad("cluster \(row.child) is not numbered after its parent \(row.parent)") }
            guard !row.lambda.isNaN else { throw bad("a condensed-tree λ is NaN") }
        }
        guard selectedClusters.allSatisfy({ $0 >= root && $0 <= maximum }) else { throw bad("a selected cluster outside \(root)...\(maximum)") }
        guard predictionCoreDistances.allSatisfy({ !$0.isNaN && $0 >= 0 }) else { throw bad("a core distance is negative or NaN") }
    }
}
