extension PCA {
    /// One feature's loading on one component, for reading which features drive a component.
    ///
    /// ```swift
    /// for l in model.topFeatures(component: 0, count: 3) { print(l.feature, l.loading) }
    /// ```
    public struct FeatureLoading: Codable, Hashable, Sendable {
        public let feature: String
        public let featureIndex: Int
        public let component: Int
        /// Component weight × √(explained variance); its sign says the direction of the effect.
        public let loading: Double
    }
}
