import StrataCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mixture's parameters in flat `Double` arrays with scikit-learn's shapes:
/// covariances and precision factors are k·d·d (full), d·d (tied), k·d (diagonal) or k (spherical).
struct GaussianParameters: Sendable, Codable, Hashable {
    let type: GaussianMixture.CovarianceType
    let componentCount: Int
    let columns: Int
    var weights: [Double]
    var means: [Double]               // k × d
    var covariances: [Double]?        // unknown until the first M-step when started from precisions
    var precisionsCholesky: [Double]
    var logDeterminants: [Double]     // Σ log diag(precision Cholesky) per component

    static let ill = "Fitting the mixture model failed because some components have ill-defined empirical covariance (for instance caused by singleton or collapsed samples)"

    /// Values per component of a covariance or precision block (tied: the one shared block).
    static func blockSize(_ type: GaussianMixture.CovarianceType, columns d: Int) -> Int {
        switch type {
        case .full, .tied: return d * d
        case .diagonal: return d
        case .spherical: return 1
        }
    }

    static func blockCount(_ type: GaussianMixture.CovarianceType, componentCount k: Int) -> Int {
        type == .tied ? 1 : k
    }

    /// sklearn's `_compute_precision_cholesky`: factor each covariance; a covariance that is not
    /// positive definite means collapsed components, fixed by a larger regularization.
    mutating func setCovariances(_ covs: [Double], regularization: Double) throws(StrataError) {
        let d = columns, k = componentCount
        var factors = [Double](repeating: 0, count: covs.count)
        var logDets = [Double](repeating: 0, count: k)
        switch type {
        case .full, .tied:
            for b in 0..<GaussianParameters.blockCount(type, componentCount: k) {
                let block = Array(covs[(b * d * d)..<((b + 1) * d * d)])
                guard let l = Cholesky.lowerFactor(block, n: d) else {
                    throw .invalidArgument("\(GaussianParameters.ill): component \(b)'s covariance is not positive definite. Try fewer components, a larger regularization (currently \(regularization)), or scaling the input data.")
                }
                let u = Cholesky.transpose(Cholesky.invertLower(l, n: d), n: d)
                factors.replaceSubrange((b * d * d)..<((b + 1) * d * d), with: u)
                var s = 0.0
                for j in 0..<d { s += log(u[j * d + j]) }
                if type == .tied { for c in 0..<k { logDets[c] = s } } else { logDets[b] = s }
            }
        case .diagonal, .spherical:
            for (t, v) in covs.enumerated() {
                guard v > 0 else {
                    let component = type == .diagonal ? t / d : t
                    throw .invalidArgument("\(GaussianParameters.ill): component \(component) has a variance of \(v) <= 0. Try fewer components, a larger regularization (currently \(regularization)), or scaling the input data.")
                }
                factors[t] = 1 / v.squareRoot()
            }
            for c in 0..<k {
                logDets[c] = type == .diagonal
                    ? (0..<d).reduce(0.0) { $0 + log(factors[c * d + $1]) }
                    : Double(d) * log(factors[c])
            }
        }
        covariances = covs
        precisionsCholesky = factors
        logDeterminants = logDets
    }

    /// sklearn's `_compute_precision_cholesky_from_precisions`.
    mutating func setPrecisions(_ precisions: [Double]) throws(StrataError) {
        let d = columns, k = componentCount
        var factors = [Double](repeating: 0, count: precisions.count)
        var logDets = [Double](repeating: 0, count: k)
        switch type {
        case .full, .tied:
            for b in 0..<GaussianParameters.blockCount(type, componentCount: k) {
                let block = Array(precisions[(b * d * d)..<((b + 1) * d * d)])
                guard let u = Cholesky.upperReverseFactor(block, n: d) else {
                    throw .invalidArgument("initial precision \(b) must be symmetric positive-definite")
                }
                factors.replaceSubrange((b * d * d)..<((b + 1) * d * d), with: u)
                var s = 0.0
                for j in 0..<d { s += log(u[j * d + j]) }
                if type == .tied { for c in 0..<k { logDets[c] = s } } else { logDets[b] = s }
            }
        case .diagonal, .spherical:
            for (t, v) in precisions.enumerated() { factors[t] = v.squareRoot() }
            for c in 0..<k {
                logDets[c] = type == .diagonal
                    ? (0..<d).reduce(0.0) { $0 + log(factors[c * d + $1]) }
                    : Double(d) * log(factors[c])
            }
        }
        covariances = nil
        precisionsCholesky = factors
        logDeterminants = logDets
    }

    /// sklearn's `_n_parameters`: free parameters for BIC/AIC.
    var freeParameterCount: Int {
        let d = columns, k = componentCount
        let covarianceParameters: Int
        switch type {
        case .full: covarianceParameters = k * d * (d + 1) / 2
        case .diagonal: covarianceParameters = k * d
        case .tied: covarianceParameters = d * (d + 1) / 2
        case .spherical: covarianceParameters = k
        }
        return covarianceParameters + d * k + k - 1
    }
}
