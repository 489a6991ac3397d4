/// One hidden behaviour pattern of ``CustomerGenerator``: which categories its customers buy,
/// how much, how recently and for how long they have been customers.
public struct CustomerSegment: Sendable, Hashable, Codable {
    /// A short name, e.g. `everyday_grocery`.
    public let name: String
    /// Share of customers drawn from this segment.
    public let weight: Double
    /// Per category: probability that a customer buys in it at all, and the typical item count.
    public let activity: [String: Activity]
    /// Probability for categories not listed in ``activity`` (sparse background purchases).
    public let backgroundProbability: Double
    /// Multiplier on every category's base price.
    public let priceLevel: Double
    /// Typical days since the last purchase.
    public let recencyDays: Double
    /// Typical days since the first purchase.
    public let tenureDays: Double

    /// How a segment buys in one category.
    public struct Activity: Sendable, Hashable, Codable {
        public let probability: Double
        public let items: Double
        public init(_ probability: Double, _ items: Double) {
            self.probability = probability
            self.items = items
        }
    }

    public init(name: String, weight: Double, activity: [String: Activity], backgroundProbability: Double = 0.02,
                priceLevel: Double = 1, recencyDays: Double, tenureDays: Double) {
        self.name = name
        self.weight = weight
        self.activity = activity
        self.backgroundProbability = backgroundProbability
        self.priceLevel = priceLevel
        self.recencyDays = recencyDays
        self.tenureDays = tenureDays
    }
}
