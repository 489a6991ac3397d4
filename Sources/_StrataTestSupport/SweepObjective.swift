import Foundation
import StrataPipelines

/// A test objective for sweep samplers: a search space and a function to minimise over it, defined
/// exactly as in `Tests/Fixtures/tpe/make_tpe.py` so Strata's samplers can be compared with
/// Optuna's on the same problems.
public struct SweepObjective: Sendable {
    public let name: String
    public let space: SearchSpace
    public let evaluate: @Sendable (ParameterAssignment) -> Double

    /// Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at three points.
    public static let branin = SweepObjective(
        name: "branin",
        space: SearchSpace(parameters: [
            SearchParameter(name: "x1", domain: .float(low: -5, high: 10)),
            SearchParameter(name: "x2", domain: .float(low: 0, high: 15)),
        ]),
        evaluate: { p in
            let x1 = p.number("x1"), x2 = p.number("x2")
            let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
            let u = x2 - b * x1 * x1 + c * x1 - 6
            return u * u + 10 * (1 - t) * cos(x1) + 10
        })

    /// Hartmann 6-D on [0, 1]⁶; minimum −3.32237.
    public static let hartmann6 = SweepObjective(
        name: "hartmann6",
        space: SearchSpace(parameters: (0..<6).map { SearchParameter(name: "x\($0)", domain: .float(low: 0, high: 1)) }),
        evaluate: { p in
            let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                                 [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
            let q: [[Double]] = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                                 [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
            let alpha: [Double] = [1.0, 1.2, 3.0, 3.2]
            var total = 0.0
            for i in 0..<4 {
                var inner = 0.0
                for j in 0..<6 {
                    let d = p.number("x\(j)") - 1e-4 * q[i][j]
                    inner += a[i][j] * d * d
                }
                total += alpha[i] * exp(-inner)
            }
            return -total
        })

    /// A choice among three methods, each with its own conditional parameters (log int, log
    /// float, stepped float, a nested choice with its own conditionals) and optimum: b reaches 0,
    /// c/rbf 0.3, a 0.6.
    public static let mixed = SweepObjective(
        name: "mixed",
        space: SearchSpace(parameters: [
            SearchParameter(name: "method", domain: .choice([.string("a"), .string("b"), .string("c")])),
            SearchParameter(name: "a_x", domain: .float(low: -5, high: 5), condition: ["method": [.string("a")]]),
            SearchParameter(name: "a_n", domain: .int(low: 1, high: 64, log: true), condition: ["method": [.string("a")]]),
            SearchParameter(name: "b_lr", domain: .float(low: 1e-5, high: 1, log: true), condition: ["method": [.string("b")]]),
            SearchParameter(name: "b_m", domain: .float(low: 0, high: 1, step: 0.05), condition: ["method": [.string("b")]]),
            SearchParameter(name: "b_x", domain: .float(low: -3, high: 3), condition: ["method": [.string("b")]]),
            SearchParameter(name: "c_k", domain: .choice([.string("lin"), .string("rbf"), .string("poly")]), condition: ["method": [.string("c")]]),
            SearchParameter(name: "c_x", domain: .float(low: -2, high: 2), condition: ["method": [.string("c")]]),
            SearchParameter(name: "c_g", domain: .float(low: 1e-3, high: 1e3, log: true), condition: ["c_k": [.string("rbf")]]),
            SearchParameter(name: "c_d", domain: .int(low: 1, high: 5), condition: ["c_k": [.string("poly")]]),
        ]),
        evaluate: { p in
            switch p["method"]?.description {
            case "a":
                let x = p.number("a_x"), n = p.number("a_n")
                return 0.6 + (x - 1) * (x - 1) / 8 + (log2(n) - 4) * (log2(n) - 4) / 16
            case "b":
                let lr = log10(p.number("b_lr")) + 3, m = p.number("b_m") - 0.9, x = p.number("b_x") - 0.7
                return lr * lr / 8 + m * m + x * x / 8
            default:
                let shift = p.number("c_x")
                switch p["c_k"]?.description {
                case "lin": return 1.2 + 0.1 * shift * shift
                case "rbf":
                    let g = log10(p.number("c_g")) - 1
                    return 0.3 + g * g / 8 + (shift + 0.5) * (shift + 0.5) / 4
                default:
                    let d = p.number("c_d") - 3
                    return 0.8 + 0.1 * d * d + shift * shift / 4
                }
            }
        })

    public init(name: String, space: SearchSpace, evaluate: @escaping @Sendable (ParameterAssignment) -> Double) {
        self.name = name; self.space = space; self.evaluate = evaluate
    }

    public static let all = [branin, hartmann6, mixed]

    /// Runs `trials` sequential trials of `sampler` (each sees every earlier one, complete) and
    /// returns the objective values in trial order.
    public func run(_ sampler: some Sampler, trials: Int) throws -> [Double] {
        var history: [SweepObservation] = []
        history.reserveCapacity(trials)
        for number in 0..<trials {
            guard let point = try sampler.suggest(number: number, space: space, history: history) else { break }
            history.append(SweepObservation(number: number, assignment: point, state: .complete, value: evaluate(point)))
        }
        return history.map { $0.value! }
    }
}

extension Dictionary where Key == String, Value == SweepValue {
    /// The number assigned to `name`; NaN when it is missing, so a sampler that drops an active
    /// parameter makes the objective NaN and the comparison tests fail.
    fileprivate func number(_ name: String) -> Double { self[name]?.number ?? .nan }
}
