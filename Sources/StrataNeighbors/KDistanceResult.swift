/// The k-distance curve of a data set and its knee: the "KNN analysis for eps" of DBSCAN.
///
/// `curve[i]` is ascending; `kneeIndex` indexes `curve`; `value == curve[kneeIndex]` is the
/// suggested DBSCAN `epsilon`. Both are nil when Kneedle finds no knee (e.g. a flat curve).
public struct KDistanceResult: Sendable, Hashable, Codable {
    /// Each row's distance to its k-th nearest neighbour (the row itself counted first), ascending.
    public var curve: [Float]
    /// Index of the knee in `curve`, or nil.
    public var kneeIndex: Int?
    /// The k-distance at the knee — the suggested `epsilon`, or nil.
    public var value: Float?

    public init(curve: [Float], kneeIndex: Int?, value: Float?) {
        self.curve = curve
        self.kneeIndex = kneeIndex
        self.value = value
    }
}
