import StrataCore

extension GaussianParameters {
    /// Refuses parameters whose arrays do not have the shapes their counts promise (a model file
    /// edited or written wrongly), before any kernel indexes them.
    func validateShape() throws(StrataError) {
        func bad(_ what: String) -> StrataError { .invalidArgument("the Gaussian mixture model is inconsistent: \(what)") }
        let k = componentCount, d = columns
        guard k >= 1, d >= 1 else { throw bad("\(k) components over \(d) columns") }
        let (means, meansOverflow) = k.multipliedReportingOverflow(by: d)
        let block = GaussianParameters.blockSize(type, columns: d), blocks = GaussianParameters.blockCount(type, componentCount: k)
        let (precisions, precisionsOverflow) = blocks.multipliedReportingOverflow(by: block)
        guard !meansOverflow, !precisionsOverflow, !(d.multipliedReportingOverflow(by: d).overflow) else { throw bad("\(k) components over \(d) columns") }
        guard weights.count == k, self.means.count == means, precisionsCholesky.count == precisions, logDeterminants.count == k,
              covariances.map({ $0.count == precisions }) ?? true else {
            throw bad("array sizes do not match \(k) components over \(d) columns")
        }
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), self.means.allSatisfy(\.isFinite),
              precisionsCholesky.allSatisfy(\.isFinite), logDeterminants.allSatisfy(\.isFinite) else {
            throw bad("a weight, mean or precision is not a finite number")
        }
    }
}
