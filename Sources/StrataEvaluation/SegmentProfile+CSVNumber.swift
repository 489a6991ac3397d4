extension SegmentProfile {
    /// `value` in its shortest form that reads back as the same Double (Swift's description, as
    /// JSON writers do): `0.00916`, not `%.17g`'s `0.0091599999999999997`. Shorter files, and a
    /// sweep writes one profile per attempt.
    static func csvNumber(_ value: Double) -> String {
        value.description
    }
}
