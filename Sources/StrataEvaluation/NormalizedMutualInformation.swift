import Foundation
import StrataCore

/// Normalized mutual information with scikit-learn 1.7's semantics
/// (`normalized_mutual_info_score`, `average_method="arithmetic"`): `MI(U, V) / mean(H(U), H(V))`,
/// natural logarithms. 1 for identical partitions up to renaming, 0 for independent ones.
///
/// ```swift
/// let nmi = try normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])   // 0.8
/// ```
///
/// Edge cases as sklearn: both labelings with one class each (or both empty) give 1; zero
/// mutual information gives 0. `-1` is an ordinary label here.
/// Complexity: O(n) expected (hashing) plus O(cells · log cells).
public func normalizedMutualInformation(_ truth: [Int], _ predicted: [Int]) throws(StrataError) -> Double {
    let table = try Contingency(truth, predicted, metric: "normalized mutual information")
    let classes = table.classSizes.count, clusters = table.clusterSizes.count
    if (classes == 1 && clusters == 1) || (classes == 0 && clusters == 0) { return 1.0 }
    let mi = mutualInformation(table)
    if mi == 0 { return 0.0 }
    let normalizer = (entropy(table.classSizes) + entropy(table.clusterSizes)) / 2
    return mi / normalizer
}

/// sklearn's `mutual_info_score` from a contingency table, term for term.
func mutualInformation(_ table: Contingency) -> Double {
    if table.classSizes.count == 1 || table.clusterSizes.count == 1 { return 0 }
    let total = Double(table.sampleCount)
    let logTotal = log(total)
    var sum = 0.0
    for cell in table.cells {
        let value = Double(cell.count)
        let share = value / total
        let outer = Double(table.classSizes[cell.row] * table.clusterSizes[cell.column])
        let logOuter = -log(outer) + logTotal + logTotal
        var term = share * (log(value) - logTotal) + share * logOuter
        if abs(term) < Double.ulpOfOne { term = 0 }
        sum += term
    }
    return Swift.max(sum, 0)
}

/// sklearn's `entropy` of a labeling given its class sizes.
func entropy(_ sizes: [Int]) -> Double {
    let nonEmpty = sizes.filter { $0 > 0 }
    if nonEmpty.isEmpty { return 1.0 }
    if nonEmpty.count == 1 { return 0 }
    let total = Double(nonEmpty.reduce(0, +))
    let logTotal = log(total)
    var sum = 0.0
    for s in nonEmpty { sum += (Double(s) / total) * (log(Double(s)) - logTotal) }
    return -sum
}
