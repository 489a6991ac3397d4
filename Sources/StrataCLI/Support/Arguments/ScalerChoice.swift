import ArgumentParser

/// `preprocess scale --method`: the scaler applied after the optional log1p.
enum ScalerChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    case standard, minmax, robust, none
}
