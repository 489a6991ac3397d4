import Foundation
import StrataCore
import StrataData

/// `bench-data scale <file.csv>`: times each preprocessing step on the file's feature columns.
enum Preprocess {
    static func run(_ args: [String]) throws {
        guard args[1] == "scale" else {
            print("unknown verb \(args[1])")
            exit(2)
        }
        let table = try CSVReader().read(URL(fileURLWithPath: args[2]))
        var x = table.matrix
        print("log1p \(try DataBench.seconds { x = try Log1pTransform().transform(x) })")
        var standard: Matrix?
        print("standard \(try DataBench.seconds { standard = try StandardScaler().fit(x).transform(x) })")
        print("minmax \(try DataBench.seconds { _ = try MinMaxScaler().fit(x).transform(x) })")
        var robust: RobustScaler.Model?
        print("robust_fit \(try DataBench.seconds { robust = try RobustScaler().fit(x) })")
        var corr: CorrelationMatrix?
        print("correlation \(try DataBench.seconds { corr = try CorrelationMatrix(x) })")
        let selector = try CorrelationSelector(threshold: 0.9).fit(correlation: corr!)
        print("dropped \(selector.droppedColumns.map { table.columnNames[$0] })")
        print("checksum_standard \(standard!.storage.prefix(1000).reduce(0) { $0 + Double($1) })")
        print("checksum_robust \(robust!.center.reduce(0, +)) \(robust!.scale.reduce(0, +))")
    }
}
