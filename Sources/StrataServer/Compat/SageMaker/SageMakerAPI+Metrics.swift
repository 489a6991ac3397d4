import Foundation
import Hummingbird
import StrataTracking

/// sagemaker-metrics (REST-JSON): `PUT /BatchPutMetrics` appends raw points to a component's
/// series; `POST /BatchGetMetrics` reads a series back, bucketed by step or time and reduced to
/// one statistic per bucket.
extension SageMakerAPI {
    struct PutMetricsRequest: Decodable {
        struct Datum: Decodable {
            var MetricName: String
            var Timestamp: Date
            var Step: Int?
            var Value: Double
        }
        var TrialComponentName: String
        var MetricData: [Datum]
    }

    struct PutMetricsError: Encodable { var Code: String; var MetricIndex: Int }

    /// A malformed request is refused whole (400); a point that breaks a limit is reported in
    /// `Errors` (VALIDATION_ERROR with its index) and the others are stored, as SageMaker does.
    static func batchPutMetrics(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(PutMetricsRequest.self)
        try SageMakerValidation.name(request.TrialComponentName, field: "TrialComponentName")
        if request.MetricData.isEmpty {
            throw SageMakerValidation.failure("MetricData", nil, "Member must have length greater than or equal to 1")
        }
        try SageMakerValidation.count(request.MetricData.count, field: "MetricData", max: 10)
        var batch = TrackingWriteBatch(component: request.TrialComponentName)
        var errors: [PutMetricsError] = []
        for (index, datum) in request.MetricData.enumerated() {
            let point = MetricPoint(name: datum.MetricName, value: datum.Value, step: datum.Step,
                                    timestamp: datum.Timestamp.timeIntervalSince1970)
            let valid = datum.MetricName.count <= 255 && (datum.Step ?? 0) >= 0
                && (try? TrackingLimits.validateMetric(name: point.name, value: point.value)) != nil
            if valid { batch.metricPoints.append(point) } else { errors.append(PutMetricsError(Code: "VALIDATION_ERROR", MetricIndex: index)) }
        }
        try await call.store.apply(batch)
        struct Reply: Encodable { var Errors: [PutMetricsError]? }
        return try call.reply(Reply(Errors: errors.isEmpty ? nil : errors))
    }

    struct GetMetricsRequest: Decodable {
        struct Query: Decodable {
            var MetricName: String
            var ResourceArn: String
            var MetricStat: String
            var Period: String
            var XAxisType: String
            var Start: Int64?
            var End: Int64?
        }
        var MetricQueries: [Query]
    }

    struct MetricQueryResult: Encodable {
        var Status: String
        var Message: String?
        var XAxisValues: [Int64]
        var MetricValues: [Double]
    }

    static let metricStats = ["Min", "Max", "Avg", "Count", "StdDev", "Last"]
    static let periods = ["OneMinute": 60, "FiveMinute": 300, "OneHour": 3600, "IterationNumber": 0]

    /// Each query answers on its own: a bad or unknown one gets Status ValidationError and a
    /// message, the others their series.
    static func batchGetMetrics(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(GetMetricsRequest.self)
        if request.MetricQueries.isEmpty {
            throw SageMakerValidation.failure("MetricQueries", nil, "Member must have length greater than or equal to 1")
        }
        try SageMakerValidation.count(request.MetricQueries.count, field: "MetricQueries", max: 100)
        var results: [MetricQueryResult] = []
        for (index, query) in request.MetricQueries.enumerated() {
            do {
                results.append(try await metricQuery(query, call: call))
            } catch {
                let failure = ServerError(error)
                if failure.kind == .internalError { throw error }
                results.append(MetricQueryResult(Status: "ValidationError", Message: "MetricQueries[\(index)]: \(failure.message)",
                                                 XAxisValues: [], MetricValues: []))
            }
        }
        struct Reply: Encodable { var MetricQueryResults: [MetricQueryResult] }
        return try call.reply(Reply(MetricQueryResults: results))
    }

    static func metricQuery(_ query: GetMetricsRequest.Query, call: SageMakerCall) async throws -> MetricQueryResult {
        try SageMakerValidation.oneOf(query.MetricStat, field: "MetricStat", metricStats)
        try SageMakerValidation.oneOf(query.Period, field: "Period", periods.keys.sorted())
        try SageMakerValidation.oneOf(query.XAxisType, field: "XAxisType", ["IterationNumber", "Timestamp"])
        guard let seconds = periods[query.Period] else { throw ServerError(.badRequest, "Unknown Period.") }
        if (query.Period == "IterationNumber") != (query.XAxisType == "IterationNumber") {
            throw ServerError(.badRequest, "Period IterationNumber goes with XAxisType IterationNumber, time periods with Timestamp.", field: "XAxisType")
        }
        let (kind, name) = try SageMakerARN.parse(query.ResourceArn, field: "ResourceArn")
        guard kind == .component else { throw ServerError(.badRequest, "ResourceArn must name a trial component.", field: "ResourceArn") }
        let component = try await call.store.component(named: name)
        var parents = SageMakerParents()
        try await parents.requireRead(component, call: call)
        let series = try await call.store.metricSeries(component: name, metric: query.MetricName)
        // One running summary per bucket: the record's own Welford update and `last` rule.
        var buckets: [Int64: MetricSummary] = [:]
        for point in series {
            if let start = query.Start, point.timestamp < Double(start) { continue }
            if let end = query.End, point.timestamp > Double(end) { continue }
            let x: Int64 = seconds == 0 ? Int64(point.step ?? 0)
                : Int64((point.timestamp / Double(seconds)).rounded(.down)) * Int64(seconds)
            buckets[x, default: MetricSummary()].add(point)
        }
        let xs = buckets.keys.sorted()
        let values = xs.map { x -> Double in
            let s = buckets[x]!
            switch query.MetricStat {
            case "Min": return s.minimum
            case "Max": return s.maximum
            case "Avg": return s.average
            case "Count": return Double(s.count)
            case "StdDev": return s.standardDeviation
            default: return s.last
            }
        }
        return MetricQueryResult(Status: "Complete", XAxisValues: xs, MetricValues: values)
    }
}
