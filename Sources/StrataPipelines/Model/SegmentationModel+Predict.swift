import StrataClustering
import StrataCore
import StrataData
import StrataTransforms

extension SegmentationModel {
    /// Segments of new rows.
    public struct Assignment: Sendable {
        /// One label per row; -1 = noise (DBSCAN, HDBSCAN).
        public var labels: [Int]
        /// Membership strength per row where the clusterer gives one: HDBSCAN's
        /// `approximate_predict` strength, a Gaussian mixture's highest component probability.
        public var probabilities: [Double]?
        /// A Gaussian mixture's probability of every component (rows × components).
        public var componentProbabilities: Matrix?
    }

    /// Assigns rows to segments. Columns are matched by name (extra columns are ignored; a
    /// missing one is an error naming it); NaN cells take the model's fill values, or are an error
    /// naming row and column when the model was fitted without imputation.
    /// Complexity: the fitted steps' transforms — O(n·d) for scalers and PCA, a kNN query per
    /// row for UMAP, DBSCAN and HDBSCAN, O(n·k·d) for KMeans.
    public func predict(_ table: FeatureTable) throws -> Assignment {
        try assign(try features(table))
    }

    /// The rows as the clusterer sees them: the model's columns by name, missing cells filled,
    /// then every step before the clusterer (selection, log1p, scaler, PCA or UMAP).
    /// `predict(table)` is `assign(features(table))`; the two halves are public so that their
    /// costs can be measured apart.
    public func features(_ table: FeatureTable) throws -> Matrix {
        var indices: [Int] = []
        for name in header.featureNames {
            guard let index = table.columnNames.firstIndex(of: name) else {
                throw PipelineError.failed("the data has no column \"\(name)\", which the model needs (it needs: \(header.featureNames.joined(separator: ", ")))")
            }
            indices.append(index)
        }
        // Read by the model's names (as `strata predict` does), the table already is in its order.
        var matrix = indices == Array(0..<table.columnNames.count) ? table.matrix : try table.selecting(columnIndices: indices).matrix
        try fillMissing(&matrix, ids: table.ids)
        var names = header.featureNames
        var current = "input"
        // The input is checked above; an error past this point comes from a step of the model
        // (a refused shape, a non-finite value it produced), so it names that step.
        do {
            for step in steps.dropLast() {
                current = step.name
                switch step {
                case .selectColumns(let keep):
                    let positions = try keep.map { name in
                        guard let i = names.firstIndex(of: name) else { throw ModelFileError.corrupt("the selection names an unknown column \(name)") }
                        return i
                    }
                    matrix = matrix.selectingColumns(positions)
                    names = keep
                case .log1p(let columns):
                    let positions = try columns.map { name in
                        guard let i = names.firstIndex(of: name) else { throw ModelFileError.corrupt("log1p names an unknown column \(name)") }
                        return i
                    }
                    matrix = try Log1pTransform(columns: positions).transform(matrix)
                case .standardScaler(let m): matrix = try m.transform(matrix)
                case .minMaxScaler(let m): matrix = try m.transform(matrix)
                case .robustScaler(let m): matrix = try m.transform(matrix)
                case .pca(let m): matrix = try m.transform(matrix)
                case .umap(let m): matrix = try m.transform(matrix)
                default: throw ModelFileError.corrupt("\(step.name) cannot precede the clusterer")
                }
            }
        } catch let error as StrataError {
            throw PipelineError.failed("step \(current) of the model failed on this data: \(error)")
        }
        return matrix
    }

    /// Segments of rows already in the clusterer's space (the output of ``features(_:)``).
    public func assign(_ matrix: Matrix) throws -> Assignment {
        let step = steps.last!
        do {
            switch step {
            case .kmeans(let m): return Assignment(labels: try m.predict(matrix))
            case .miniBatchKMeans(let m): return Assignment(labels: try m.predict(matrix))
            case .dbscan(let m): return Assignment(labels: try m.predict(matrix))
            case .hdbscan(let m):
                let (labels, strengths) = try m.approximatePredict(matrix)
                return Assignment(labels: labels, probabilities: strengths)
            case .gaussianMixture(let m):
                let probabilities = try m.predictProbabilities(matrix)
                var labels = [Int](repeating: 0, count: matrix.rows), best = [Double](repeating: 0, count: matrix.rows)
                for r in 0..<matrix.rows {
                    var top = -Double.infinity
                    for c in 0..<probabilities.columns where Double(probabilities[r, c]) > top {
                        top = Double(probabilities[r, c]); labels[r] = c
                    }
                    best[r] = top
                }
                return Assignment(labels: labels, probabilities: best, componentProbabilities: probabilities)
            default:
                throw ModelFileError.corrupt("the last step is not a clusterer")
            }
        } catch let error as StrataError {
            throw PipelineError.failed("step \(step.name) of the model failed on this data: \(error)")
        }
    }

    private func fillMissing(_ matrix: inout Matrix, ids: [String]?) throws {
        let columns = matrix.columns
        // Missing cells are rare: find whether there are any on all cores before writing (a
        // write would copy the caller's matrix).
        let anyMissing = matrix.storage.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let values = buffer.baseAddress
            return Parallel.mapChunks(count: matrix.rows, minimumChunk: 16384) { range in
                for i in (range.lowerBound &* columns)..<(range.upperBound &* columns) where values![i].isNaN { return true }
                return false
            }.contains(true)
        }
        guard anyMissing else { return }
        for r in 0..<matrix.rows {
            for c in 0..<columns where matrix.storage[r * columns + c].isNaN {
                guard let fill = header.fillValues else {
                    throw PipelineError.failed("row \(ids?[r] ?? String(r + 1)), column \(header.featureNames[c]): the cell is missing and the model was fitted without imputation")
                }
                matrix.storage[r * columns + c] = fill[c]
            }
        }
    }
}
