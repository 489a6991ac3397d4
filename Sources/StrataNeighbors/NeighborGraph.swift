import StrataCore

/// The k nearest neighbours of every row: `count × k` indices and distances, nearest first.
///
/// Row `i`'s neighbours are `indices[i*k ..< (i+1)*k]`; distances are Euclidean (not squared)
/// unless the producer documents otherwise.
public struct NeighborGraph: Sendable, Hashable, Codable {
    public let count: Int
    public let k: Int
    public var indices: [Int32]
    public var distances: [Float]

    public init(count: Int, k: Int, indices: [Int32], distances: [Float]) {
        precondition(indices.count == count * k && distances.count == count * k)
        self.count = count
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// Neighbour indices of row `i`, nearest first.
    public func neighbors(of i: Int) -> ArraySlice<Int32> { indices[(i * k)..<((i + 1) * k)] }
    /// Neighbour distances of row `i`, nearest first.
    public func neighborDistances(of i: Int) -> ArraySlice<Float> { distances[(i * k)..<((i + 1) * k)] }
}
