import StrataPipelines

/// `--sampler grid|random|tpe` to a sampler.
enum SamplerChoice {
    static func make(_ name: SweepCommand.SamplerName, seed: UInt64, space: SearchSpace) throws -> any Sampler {
        switch name {
        case .grid:
            _ = try GridSampler().count(space)   // a float without a step is refused here, before anything runs
            return GridSampler()
        case .random: return RandomSampler(seed: seed)
        case .tpe: return TPESampler(seed: seed)
        }
    }
}
