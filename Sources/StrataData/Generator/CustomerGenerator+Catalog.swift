extension CustomerGenerator {
    /// Product categories and a typical price per item (in currency units).
    public static let categories: [(name: String, price: Double)] = [
        ("groceries", 8), ("fresh_produce", 5), ("dairy", 4), ("bakery", 4), ("meat_seafood", 15),
        ("beverages", 6), ("snacks", 4), ("household", 10), ("personal_care", 9), ("baby", 20),
        ("pet", 18), ("electronics", 120), ("computers", 600), ("phones", 450), ("appliances", 250),
        ("furniture", 300), ("home_decor", 40), ("garden", 35), ("sports", 60), ("toys", 30),
        ("books", 15), ("fashion", 45), ("beauty", 25), ("jewelry", 150),
    ]

    /// The hidden segments, in label order (label = index; noise customers get -1).
    public static let segments: [CustomerSegment] = {
        typealias A = CustomerSegment.Activity
        return [
            CustomerSegment(name: "everyday_grocery", weight: 0.22, activity: [
                "groceries": A(0.95, 18), "fresh_produce": A(0.85, 14), "dairy": A(0.8, 12), "bakery": A(0.7, 9),
                "beverages": A(0.6, 8), "snacks": A(0.5, 6), "household": A(0.4, 4),
            ], priceLevel: 0.9, recencyDays: 6, tenureDays: 900),
            CustomerSegment(name: "young_family", weight: 0.15, activity: [
                "groceries": A(0.9, 22), "dairy": A(0.8, 14), "fresh_produce": A(0.6, 10), "baby": A(0.9, 10),
                "toys": A(0.7, 5), "household": A(0.6, 6), "personal_care": A(0.5, 4),
            ], recencyDays: 9, tenureDays: 650),
            CustomerSegment(name: "tech_enthusiast", weight: 0.10, activity: [
                "electronics": A(0.85, 3), "computers": A(0.5, 1.2), "phones": A(0.5, 1.2), "books": A(0.3, 2),
            ], priceLevel: 1.2, recencyDays: 45, tenureDays: 800),
            CustomerSegment(name: "home_and_garden", weight: 0.12, activity: [
                "furniture": A(0.6, 1.5), "home_decor": A(0.8, 4), "garden": A(0.75, 5), "appliances": A(0.4, 1.2),
                "household": A(0.5, 3),
            ], recencyDays: 60, tenureDays: 1100),
            CustomerSegment(name: "fashion_beauty", weight: 0.14, activity: [
                "fashion": A(0.9, 6), "beauty": A(0.85, 7), "jewelry": A(0.35, 1.5), "personal_care": A(0.6, 5),
            ], recencyDays: 20, tenureDays: 600),
            CustomerSegment(name: "pets_and_outdoors", weight: 0.08, activity: [
                "pet": A(0.95, 12), "sports": A(0.6, 3), "garden": A(0.3, 2), "groceries": A(0.4, 5),
            ], recencyDays: 15, tenureDays: 900),
            CustomerSegment(name: "lapsed", weight: 0.10, activity: [
                "groceries": A(0.35, 2), "fashion": A(0.2, 1), "electronics": A(0.1, 1), "books": A(0.15, 1),
            ], backgroundProbability: 0.01, recencyDays: 420, tenureDays: 1400),
            CustomerSegment(name: "vip", weight: 0.06, activity: [
                "groceries": A(0.9, 25), "fresh_produce": A(0.8, 15), "meat_seafood": A(0.8, 8), "beverages": A(0.8, 12),
                "electronics": A(0.6, 3), "fashion": A(0.8, 8), "beauty": A(0.7, 6), "jewelry": A(0.5, 2),
                "home_decor": A(0.6, 4), "furniture": A(0.4, 1.5), "appliances": A(0.4, 1.2),
            ], backgroundProbability: 0.15, priceLevel: 1.6, recencyDays: 4, tenureDays: 2000),
        ]
    }()

    /// Share of customers that follow no segment (label -1): random categories and timings.
    public static let noiseShare = 0.03
}
