// The umbrella module: `import Strata` brings every algorithm module, nothing from tracking.
@_exported import StrataCore
@_exported import StrataData
@_exported import StrataNeighbors
@_exported import StrataTransforms
@_exported import StrataClustering
@_exported import StrataEvaluation
