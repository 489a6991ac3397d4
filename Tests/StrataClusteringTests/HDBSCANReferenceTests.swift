import Foundation
import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

/// One case written by Tests/Fixtures/hdbscan/make_hdbscan.py with the hdbscan package 0.8.44.
struct HDBSCANFixture {
    let name: String
    let data: Matrix
    let newRows: Matrix
    let json: [String: Any]

    init(_ name: String) throws {
        self.name = name
        let dir = fixturesDirectory().appendingPathComponent("hdbscan")
        data = try Self.csv(dir.appendingPathComponent("\(name).csv"))
        newRows = try Self.csv(dir.appendingPathComponent("\(name)_new.csv"))
        let raw = try Data(contentsOf: dir.appendingPathComponent("\(name).json"))
        json = try JSONSerialization.jsonObject(with: raw) as! [String: Any]
    }

    static func csv(_ url: URL) throws -> Matrix {
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",").map { Float(String($0))! }
        }
        return try Matrix(rows)
    }

    var parameters: [String: Any] { json["parameters"] as! [String: Any] }

    /// The Strata configuration with the package's parameter values.
    var configuration: HDBSCAN {
        let p = parameters
        return HDBSCAN(minimumClusterSize: p["min_cluster_size"] as! Int,
                       minSamples: p["min_samples"] as? Int,
                       clusterSelectionMethod: (p["cluster_selection_method"] as? String) == "leaf" ? .leaf : .excessOfMass,
                       clusterSelectionEpsilon: (p["cluster_selection_epsilon"] as? Double) ?? 0,
                       allowSingleCluster: (p["allow_single_cluster"] as? Bool) ?? false,
                       alpha: (p["alpha"] as? Double) ?? 1)
    }

    func ints(_ key: String) -> [Int] { json[key] as! [Int] }
    /// Doubles with JSON null read as NaN.
    func doubles(_ key: String, in object: [String: Any]? = nil) -> [Double] {
        ((object ?? json)[key] as! [Any]).map { ($0 as? Double) ?? ($0 as? Int).map(Double.init) ?? .nan }
    }
}

/// Adjusted Rand index (Hubert & Arabie), noise counted as one more label as scikit-learn does.
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var table = [[Int]: Int](), rowSums = [Int: Int](), columnSums = [Int: Int]()
    for (x, y) in zip(a, b) { table[[x, y], default: 0] += 1; rowSums[x, default: 0] += 1; columnSums[y, default: 0] += 1 }
    func pairs(_ v: Int) -> Double { Double(v) * Double(v - 1) / 2 }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let rows = rowSums.values.reduce(0) { $0 + pairs($1) }, columns = columnSums.values.reduce(0) { $0 + pairs($1) }
    let expected = rows * columns / pairs(a.count)
    let maximum = (rows + columns) / 2
    return maximum == expected ? 1 : (index - expected) / (maximum - expected)
}

/// True when the two labelings are the same partition with noise kept as noise.
func sameUpToRenumbering(_ a: [Int], _ b: [Int]) -> Bool {
    var forward = [Int: Int](), backward = [Int: Int]()
    for (x, y) in zip(a, b) {
        if (x < 0) != (y < 0) { return false }
        if let f = forward[x], f != y { return false }
        if let g = backward[y], g != x { return false }
        forward[x] = y; backward[y] = x
    }
    return a.count == b.count
}

/// Tolerance for a real-valued output to count as identical: both sides compute in double
/// precision on the same float32-rounded inputs, so only summation order differs.
let referenceTolerance = 1e-9

func close(_ a: Double, _ b: Double) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= referenceTolerance * max(1, abs(a), abs(b))
}

/// Share of positions where `close` holds.
func identicalShare(_ a: [Double], _ b: [Double]) -> Double {
    Double(zip(a, b).filter { close($0, $1) }.count) / Double(max(1, a.count))
}

/// Each label of `source` mapped to its most common label in `target` (noise to noise).
func labelMap(_ source: [Int], _ target: [Int]) -> [Int: Int] {
    var counts = [Int: [Int: Int]]()
    for (s, t) in zip(source, target) where s >= 0 { counts[s, default: [:]][t, default: 0] += 1 }
    var map = [-1: -1]
    for (s, c) in counts { map[s] = c.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key }
    return map
}

/// The point set and birth density of every cluster of a condensed tree.
func clusterSets(parents: [Int], children: [Int], lambdas: [Double], pointCount n: Int) -> [Set<Int>: Double] {
    var kids = [Int: [Int]](), birth = [n: 0.0]
    for (i, p) in parents.enumerated() {
        kids[p, default: []].append(children[i])
        if children[i] >= n { birth[children[i]] = lambdas[i] }
    }
    var out = [Set<Int>: Double]()
    for (cluster, lambda) in birth {
        var points = Set<Int>(), stack = [cluster]
        while let v = stack.popLast() { if v < n { points.insert(v) } else { stack.append(contentsOf: kids[v] ?? []) } }
        out[points] = lambda
    }
    return out
}

/// A condensed tree (parent, child, λ rows) read for per-cluster questions.
struct CondensedTreeView {
    let pointCount: Int
    let children: [Int: [(child: Int, lambda: Double)]]
    /// λ at which each cluster (id ≥ pointCount) was born.
    let birth: [Int: Double]
    let largestLambda: Double

    init(parents: [Int], children: [Int], lambdas: [Double], pointCount: Int) {
        self.pointCount = pointCount
        var kids = [Int: [(child: Int, lambda: Double)]](), birth = [Int: Double]()
        for i in parents.indices {
            kids[parents[i], default: []].append((children[i], lambdas[i]))
            if children[i] >= pointCount { birth[children[i]] = lambdas[i] }
        }
        self.children = kids
        self.birth = birth
        largestLambda = lambdas.max() ?? 0
    }

    /// Every row under `cluster` with the λ at which it leaves `cluster` itself.
    func departures(from cluster: Int) -> [Int: Double] {
        var out = [Int: Double]()
        for (child, lambda) in children[cluster] ?? [] {
            var stack = [child]
            while let v = stack.popLast() {
                if v < pointCount { out[v] = lambda } else { stack.append(contentsOf: (children[v] ?? []).map(\.child)) }
            }
        }
        return out
    }

    /// The cluster with the fewest rows whose subtree holds all of `rows`.
    func smallestCluster(containing rows: Set<Int>) -> Int? {
        var best: (cluster: Int, size: Int)?
        for cluster in children.keys.sorted() {
            let under = departures(from: cluster)
            guard rows.allSatisfy({ under[$0] != nil }) else { continue }
            if best == nil || under.count < best!.size { best = (cluster, under.count) }
        }
        return best?.cluster
    }
}

/// Equal-weight spanning-tree edges are ordered arbitrarily by the package, so rows bridging two
/// groups at one height may land on either side. Each fixture records how well the package agrees
/// with itself over 5 row orders; Strata must meet the fixed bound or, where the package itself
/// varies more, that envelope.
@Suite("HDBSCAN against the hdbscan package")
struct HDBSCANReferenceTests {
    static let cases = ["blobs_eom", "blobs_leaf", "moons", "anisotropic", "anisotropic_alpha", "duplicates", "varying_density",
                        "varying_density_epsilon", "varying_leaf_epsilon", "single_cluster", "blobs_5d", "blobs_24d_prim"]

    @Test("labels (ARI), probabilities and GLOSH scores (within 1e-9) agree with the package", arguments: cases)
    func fitMatchesPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let envelope = fixture.json["self_agreement"] as! [String: Double]
        let model = try fixture.configuration.fit(fixture.data)
        let expected = fixture.ints("labels")
        let ari = adjustedRandIndex(model.labels, expected)
        #expect(ari >= min(0.99, envelope["ari"]!), "\(name): ARI \(ari), package vs itself \(envelope["ari"]!)")
        #expect(model.clusterCount == Set(expected.filter { $0 >= 0 }).count || ari < 1, "\(name): cluster count")
        let probabilities = identicalShare(model.probabilities, fixture.doubles("probabilities"))
        #expect(probabilities >= min(0.99, envelope["probabilities"]!),
                "\(name): \(probabilities) of probabilities identical, package vs itself \(envelope["probabilities"]!)")
        // Where the package divides ∞ by ∞ (NaN) Strata returns the limit, 1.
        let scores = identicalShare(model.outlierScores, fixture.doubles("outlier_scores").map { $0.isNaN ? 1 : $0 })
        #expect(scores >= min(0.99, envelope["outlier_scores"]!),
                "\(name): \(scores) of outlier scores identical, package vs itself \(envelope["outlier_scores"]!)")
    }

    /// A selected cluster's persistence is `Σ (λ_leave − λ_birth) / (size · λ_max)` over the rows of
    /// its subtree, λ_leave being where a row leaves it (a row inside a child cluster leaves at the
    /// child's birth) and λ_max the largest λ in the tree. Equal-weight ties can move a bridging row,
    /// which changes those inputs for the clusters it touches; every cluster whose inputs agree —
    /// same labelled rows, same birth, same λ_leave for every row, same λ_max — must have the same
    /// persistence. Each λ agrees within `referenceTolerance` (relative) when both sides compute it
    /// as 1/d from the same double-precision tree weights, so the numerator differs by at most about
    /// 2·1e-9·size·λ_max and the persistence (a number in [0, 1]) by at most about 3e-9; anything
    /// beyond that is a real difference in the stability sum or its normalisation.
    @Test("cluster persistence agrees wherever the cluster is defined by the same rows and densities", arguments: cases)
    func persistenceMatchesPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let model = try fixture.configuration.fit(fixture.data)
        let n = fixture.data.rows
        let tree = fixture.json["condensed_tree"] as! [String: Any]
        let theirs = CondensedTreeView(parents: tree["parent"] as! [Int], children: tree["child"] as! [Int],
                                       lambdas: fixture.doubles("lambda_val", in: tree).map { $0.isNaN ? .infinity : $0 },
                                       pointCount: n)
        let rows = model.condensedTree.rows
        let ours = CondensedTreeView(parents: rows.map(\.parent), children: rows.map(\.child), lambdas: rows.map(\.lambda),
                                     pointCount: n)
        let sameLambdaMax = (theirs.largestLambda.isInfinite && ours.largestLambda.isInfinite)
            || close(theirs.largestLambda, ours.largestLambda)
        #expect(sameLambdaMax, "\(name): largest λ \(ours.largestLambda) vs \(theirs.largestLambda)")
        let expected = fixture.ints("labels"), persistence = fixture.doubles("cluster_persistence")
        var compared = 0
        for label in persistence.indices {
            let members = Set(expected.indices.filter { expected[$0] == label })
            let ourLabel = model.labels[members.first!]
            guard ourLabel >= 0, Set(model.labels.indices.filter { model.labels[$0] == ourLabel }) == members,
                  let node = theirs.smallestCluster(containing: members) else { continue }
            let ourNode = model.selectedClusters[ourLabel]
            let (a, b) = (theirs.departures(from: node), ours.departures(from: ourNode))
            guard close(theirs.birth[node] ?? 0, ours.birth[ourNode] ?? 0), Set(a.keys) == Set(b.keys),
                  a.allSatisfy({ p, lambda in lambda == b[p]! || close(lambda, b[p]!) }) else { continue }
            compared += 1
            let difference = abs(model.clusterPersistence[ourLabel] - persistence[label])
            #expect(difference <= 3e-9, "\(name): cluster \(label) persistence \(model.clusterPersistence[ourLabel]) vs \(persistence[label])")
        }
        // Ties move few rows, so in every case but one at least one cluster is comparable and this
        // test cannot pass by comparing nothing. With alpha = 1.5 the package's tie order moves one
        // bridging row into or out of each of the three clusters (143/142, 135/136, 128/127 rows).
        if name != "anisotropic_alpha" {
            #expect(compared >= 1, "\(name): no cluster defined by the same rows and densities on both sides")
        }
    }

    @Test("spanning tree is exact (same sorted heights) and the condensed tree matches", arguments: cases)
    func treesMatchPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let envelope = fixture.json["self_agreement"] as! [String: Double]
        let model = try fixture.configuration.fit(fixture.data)
        // Every minimum spanning tree has the same multiset of weights.
        let heights = fixture.doubles("single_linkage_heights")
        let ourHeights = model.singleLinkageTree.merges.map(\.distance).sorted()
        #expect(ourHeights.count == heights.count)
        let wrong = zip(ourHeights, heights).filter { !close($0, $1) }.count
        #expect(wrong == 0, "\(name): \(wrong) spanning tree weights differ")
        let tree = fixture.json["condensed_tree"] as! [String: Any]
        let n = fixture.data.rows
        let theirs = clusterSets(parents: tree["parent"] as! [Int], children: tree["child"] as! [Int],
                                 lambdas: fixture.doubles("lambda_val", in: tree).map { $0.isNaN ? .infinity : $0 }, pointCount: n)
        let rows = model.condensedTree.rows
        let ours = clusterSets(parents: rows.map(\.parent), children: rows.map(\.child), lambdas: rows.map(\.lambda), pointCount: n)
        // A package cluster is matched when one of ours is born at the same density (within 1e-9)
        // and shares at least 95 % of its rows (Jaccard): ties move single bridging rows.
        let matched = theirs.filter { key, lambda in
            ours.contains { other, otherLambda in
                close(lambda, otherLambda)
                    && Double(key.intersection(other).count) >= 0.95 * Double(key.union(other).count)
            }
        }.count
        // A bridging row decides whether a runt reaches minimumClusterSize, so ties can also add or
        // remove a small sub-cluster below the selected ones.
        let required = envelope["ari"]! >= 0.99 ? 0.75 : 0.5
        #expect(Double(matched) >= required * Double(theirs.count), "\(name): \(matched) of \(theirs.count) clusters matched")
    }

    @Test("approximatePredict agrees with approximate_predict on held-out rows", arguments: cases)
    func approximatePredictMatchesPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let envelope = fixture.json["self_agreement"] as! [String: Double]
        let model = try fixture.configuration.fit(fixture.data)
        let map = labelMap(model.labels, fixture.ints("labels"))
        let (labels, probabilities) = try model.approximatePredict(fixture.newRows)
        let expected = fixture.ints("predict_labels")
        let mapped = labels.map { map[$0] ?? -2 }
        let agreement = Double(zip(mapped, expected).filter { $0 == $1 }.count) / Double(expected.count)
        #expect(agreement >= min(0.99, envelope["predict_labels"]!), "\(name): \(agreement) of predicted labels agree")
        let expectedProbabilities = fixture.doubles("predict_probabilities")
        let share = identicalShare(probabilities, expectedProbabilities)
        #expect(share >= min(0.95, envelope["probabilities"]!), "\(name): \(share) of predicted probabilities identical")
        #expect(try model.predict(fixture.newRows) == labels)
    }
}
