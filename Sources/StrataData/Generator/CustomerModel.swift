import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sampling model behind ``CustomerGenerator``, flattened into arrays for speed.
struct CustomerModel: Sendable {
    static let shared = CustomerModel()

    let categoryCount: Int
    let prices: [Double]
    /// Per segment × category: purchase probability and typical items.
    let probability: [[Double]]
    let items: [[Double]]
    let segments: [CustomerSegment]
    /// Cumulative segment weights; draws above the last value are noise.
    let cumulative: [Double]
    /// Output columns holding money (two decimals); the others are integers.
    let isMoney: [Bool]

    init() {
        let categories = CustomerGenerator.categories
        categoryCount = categories.count
        prices = categories.map(\.price)
        segments = CustomerGenerator.segments
        probability = segments.map { s in categories.map { s.activity[$0.name]?.probability ?? s.backgroundProbability } }
        items = segments.map { s in categories.map { s.activity[$0.name]?.items ?? 1.2 } }
        var total = 0.0
        cumulative = segments.map { total += $0.weight; return total }
        isMoney = [false, false, true, false] + (0..<categories.count).flatMap { _ in [false, true] }
    }

    /// Fills `row` (recency, frequency, monetary, tenure, then count/spend per category) for
    /// customer `index` and returns its segment (-1 = noise). Depends only on `(seed, index)`.
    func generate(row index: Int, seed: UInt64, into row: inout [Double]) -> Int {
        var rng = SeededGenerator(seed: SplitMix64.mix(seed ^ SplitMix64.mix(UInt64(index) &+ 0x5EED)))
        let pick = rng.nextUnit()
        var segment = -1
        for (s, c) in cumulative.enumerated() where pick < c { segment = s; break }
        for i in row.indices { row[i] = 0 }

        // Engagement: how much more or less than its segment's typical customer a person buys.
        let engagement = exp(0.35 * rng.nextGaussian())
        var totalItems = 0.0
        var monetary = 0.0
        var active = 0
        for c in 0..<categoryCount {
            let p: Double
            let typical: Double
            let price: Double
            if segment >= 0 {
                p = probability[segment][c]
                typical = items[segment][c]
                price = prices[c] * segments[segment].priceLevel
            } else {
                p = 0.18
                typical = 1 + 6 * rng.nextUnit()
                price = prices[c] * (0.5 + 1.5 * rng.nextUnit())
            }
            guard rng.nextUnit() < p else { continue }
            let count = Swift.max(1, (typical * engagement * exp(0.5 * rng.nextGaussian())).rounded())
            let spend = ((count * price * exp(0.3 * rng.nextGaussian())) * 100).rounded() / 100
            row[4 + 2 * c] = count
            row[5 + 2 * c] = spend
            totalItems += count
            monetary += spend
            active += 1
        }
        if active == 0 {
            // Everyone bought something once: the segment's most likely category (or a random one).
            let c = segment >= 0 ? probability[segment].indices.max { probability[segment][$0] < probability[segment][$1] }!
                                 : rng.nextInt(below: categoryCount)
            let price = prices[c] * (segment >= 0 ? segments[segment].priceLevel : 1)
            let spend = ((price * exp(0.3 * rng.nextGaussian())) * 100).rounded() / 100
            row[4 + 2 * c] = 1
            row[5 + 2 * c] = spend
            totalItems = 1
            monetary = spend
        }
        let recencyMean = segment >= 0 ? segments[segment].recencyDays : 5 + 700 * rng.nextUnit()
        let tenureMean = segment >= 0 ? segments[segment].tenureDays : 30 + 2500 * rng.nextUnit()
        let tenure = Swift.max(1, (tenureMean * exp(0.4 * rng.nextGaussian())).rounded())
        let recency = Swift.min(tenure, Swift.max(0, (recencyMean * exp(0.6 * rng.nextGaussian())).rounded()))
        let itemsPerOrder = 2.5 * exp(0.3 * rng.nextGaussian())
        let frequency = Swift.max(1, (totalItems / itemsPerOrder).rounded())
        row[0] = recency
        row[1] = frequency
        row[2] = (monetary * 100).rounded() / 100
        row[3] = tenure
        return segment
    }
}
