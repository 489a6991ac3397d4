import Foundation
import StrataCore
import StrataData
import StrataPipelines

/// The Swift half of Benchmarks/bench_predict.py: `strata predict`'s stages timed in one process.
///
///   bench-predict <model> <new.csv> [repeats] [labels-out.csv]
///
/// Reads the model, then `repeats` times (median reported): reads the CSV as `strata predict`
/// does, runs the steps before the clusterer (`features`), the clusterer (`assign`), and writes
/// `id,label`. Prints one JSON line of seconds.
@main
struct PredictBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 3 else {
            FileHandle.standardError.write(Data("usage: bench-predict <model> <new.csv> [repeats] [labels-out.csv]\n".utf8))
            exit(2)
        }
        let repeats = args.count > 3 ? max(1, Int(args[3]) ?? 3) : 3
        let labelsURL = URL(fileURLWithPath: args.count > 4 ? args[4] : NSTemporaryDirectory() + "bench-predict-labels.csv")
        var model: SegmentationModel!
        let loadSeconds = try time { model = try SegmentationModel(contentsOf: URL(fileURLWithPath: args[1])) }
        var read: [Double] = [], features: [Double] = [], assign: [Double] = [], write: [Double] = []
        var rows = 0
        for _ in 0..<repeats {
            var table: FeatureTable!
            read.append(try time {
                table = try CSVReader(columns: model.header.featureNames, missingValues: .impute(.constant(.nan)))
                    .read(URL(fileURLWithPath: args[2]))
            })
            var matrix: Matrix!
            features.append(try time { matrix = try model.features(table) })
            var assignment: SegmentationModel.Assignment!
            assign.append(try time { assignment = try model.assign(matrix) })
            write.append(try time { try CSVWriter().writeLabels(assignment.labels, ids: table.ids, to: labelsURL) })
            rows = table.rowCount
        }
        let predict = zip(features, assign).map { $0 + $1 }
        print(#"{"rows": \#(rows), "steps": "\#(model.header.steps.joined(separator: " → "))", "load_model_s": \#(loadSeconds), "#
            + #""read_s": \#(median(read)), "features_s": \#(median(features)), "assign_s": \#(median(assign)), "#
            + #""predict_s": \#(median(predict)), "write_s": \#(median(write)), "repeats": \#(repeats)}"#)
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func time(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now()
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
