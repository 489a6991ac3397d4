import StrataTracking

/// `runs/search` translated into Strata's search language and run by the store's search
/// (``SearchableTrackingStore/search(_:target:)``).
///
/// Translated: experiment scope (`experiment in (…)`), the run view (the deleted tag),
/// `metrics.k <op> n` (the latest value: Strata's `metrics.k.last`), params and tags `= != IS NULL
/// IS NOT NULL` (numeric-looking parameter values compared as numbers, as stored), `run_id`
/// `= != IN NOT IN` (component name), `run_name` and `user_id` (the `mlflow.runName` / `mlflow.user`
/// tags), `status` (component status), and `order_by` on metrics, params, tags, `run_id`,
/// `run_name`, `status` and `start_time`/`created` (Strata's creation time).
/// Not expressible in Strata's language, so checked on each candidate the store returned:
/// `LIKE`/`ILIKE` patterns (the store narrows to runs that have the key), SCHEDULED vs RUNNING
/// (both InProgress), `start_time`/`end_time` comparisons and `artifact_uri`.
struct MLflowRunSearch: Sendable {
    struct Reply: Encodable { var runs: [MLflowWire.Run]; var nextPageToken: String? }

    let query: String
    let refinements: [MLflowFilter.Clause]
    let experiments: Set<String>
    let pageSize: Int
    let offset: Int

    init(_ request: MLflowRequests.SearchRuns, experiments: [String]) throws(ServerError) {
        var clauses: [String] = []
        var refinements: [MLflowFilter.Clause] = []
        if !experiments.isEmpty {
            clauses.append("experiment in (" + experiments.map(Self.text).joined(separator: ", ") + ")")
        }
        let deleted = "tags." + Self.key(MLflowNaming.deletedTag)
        switch request.runViewType?.name.uppercased() ?? "ACTIVE_ONLY" {
        case "ACTIVE_ONLY", "1": clauses.append(deleted + " not exists")
        case "DELETED_ONLY", "2": clauses.append(deleted + " exists")
        case "ALL", "3": break
        case let other: throw MLflowErrors.invalid("Invalid run_view_type '\(other)': expected ACTIVE_ONLY, DELETED_ONLY or ALL.", field: "run_view_type")
        }
        for clause in try MLflowFilter.parse(request.filter ?? "").clauses {
            let (translated, refine) = try Self.translate(clause)
            clauses.append(contentsOf: translated)
            if refine { refinements.append(clause) }
        }
        var orderings: [String] = []
        for text in request.orderBy ?? [] { orderings.append(try Self.ordering(text)) }
        if orderings.isEmpty { orderings = ["created desc"] }
        query = clauses.joined(separator: " and ") + " order by " + orderings.joined(separator: ", ")
        self.refinements = refinements
        self.experiments = Set(experiments)
        pageSize = try MLflowPageToken.pageSize(Int(request.maxResults?.value ?? 1000), field: "max_results")
        offset = try MLflowPageToken.offset(request.pageToken)
    }

    /// The runs of this page and the token of the next.
    func run(record: MLflowRecord) async throws -> (runs: [MLflowRecord.Run], next: String?) {
        let names = try await record.store.search(query, target: .components)
        var runs: [MLflowRecord.Run] = []
        var index = offset
        while index < names.count, runs.count < pageSize {
            defer { index += 1 }
            guard let run = try? await record.run(id: names[index]), experiments.isEmpty || experiments.contains(run.experiment) else { continue }
            if refinements.allSatisfy({ Self.test($0, run) }) { runs.append(run) }
        }
        return (runs, index < names.count ? MLflowPageToken.token(index) : nil)
    }

    static func text(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func key(_ name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }

    /// Strata clauses for one MLflow clause, and whether the candidates must also be checked here.
    static func translate(_ clause: MLflowFilter.Clause) throws(ServerError) -> ([String], Bool) {
        switch clause.entity {
        case .metric:
            guard case .number(_, let spelled) = clause.value, clause.op.isOrdering || clause.op == .equal || clause.op == .notEqual else {
                throw MLflowFilter.invalid("metrics.\(clause.key) must be compared to a number with = != < <= > >=.")
            }
            return (["metrics.\(key(clause.key)).last \(clause.op.rawValue) \(spelled)"], false)
        case .parameter: return try translateText(clause, key: "params." + key(clause.key), numeric: true)
        case .tag: return try translateText(clause, key: "tags." + key(clause.key), numeric: false)
        case .attribute:
            switch clause.key.lowercased() {
            case "run_id", "run_uuid":
                switch (clause.op, clause.value) {
                case (.in, .list(let ids)): return (["name in (" + ids.map(text).joined(separator: ", ") + ")"], false)
                case (.notIn, .list(let ids)): return (["name not in (" + ids.map(text).joined(separator: ", ") + ")"], false)
                default: return try translateText(clause, key: "name", numeric: false)
                }
            case "run_name": return try translateText(clause, key: "tags." + key("mlflow.runName"), numeric: false)
            case "user_id": return try translateText(clause, key: "tags." + key("mlflow.user"), numeric: false)
            case "status":
                guard let name = clause.value.text, clause.op == .equal || clause.op == .like || clause.op == .ilike || clause.op == .notEqual else {
                    throw MLflowFilter.invalid("status supports = != LIKE ILIKE with a text.")
                }
                if clause.op == .equal, let status = try? MLflowRunStatus.componentStatus(name) {
                    return (["status = " + text(status.primary.rawValue)], true)
                }
                return ([], true)
            case "start_time", "end_time", "created", "artifact_uri":
                if clause.key.lowercased() != "artifact_uri", case .text = clause.value {
                    throw MLflowFilter.invalid("\(clause.key) must be compared to a number of epoch milliseconds.")
                }
                return ([], true)
            default:
                throw MLflowFilter.invalid("unknown attribute '\(clause.key)'; use run_id, run_name, status, user_id, artifact_uri, start_time or end_time.")
            }
        }
    }

    private static func translateText(_ clause: MLflowFilter.Clause, key: String, numeric: Bool) throws(ServerError) -> ([String], Bool) {
        switch clause.op {
        case .isNull: return ([key + " not exists"], false)
        case .isNotNull: return ([key + " exists"], false)
        case .like, .ilike: return ([key + " exists"], true)
        case .equal, .notEqual:
            guard let value = clause.value.text else { throw MLflowFilter.invalid("\(key) must be compared to a text.") }
            let literal: String
            if numeric, case .number(let number) = MLflowLogRoutes.parameterValue(value) {
                literal = ParameterValue.number(number).description
            } else {
                literal = text(value)
            }
            return ([key + " \(clause.op.rawValue) " + literal], false)
        default:
            throw MLflowFilter.invalid("\(key) supports = != LIKE ILIKE IS NULL IS NOT NULL (operator \(clause.op.rawValue)).")
        }
    }

    /// The clause evaluated on a run: used only for what the Strata query could not express.
    static func test(_ clause: MLflowFilter.Clause, _ run: MLflowRecord.Run) -> Bool {
        let component = run.component
        switch clause.entity {
        case .metric: return true
        case .parameter: return MLflowFilter.test(clause, text: component.parameters[clause.key]?.description)
        case .tag: return MLflowFilter.test(clause, text: component.tags[clause.key])
        case .attribute:
            switch clause.key.lowercased() {
            case "run_id", "run_uuid": return MLflowFilter.test(clause, text: component.name)
            case "run_name": return MLflowFilter.test(clause, text: component.tags["mlflow.runName"])
            case "user_id": return MLflowFilter.test(clause, text: component.tags["mlflow.user"])
            case "status":
                var statusClause = clause
                if clause.op == .equal || clause.op == .notEqual { statusClause.value = .text(clause.value.text?.uppercased() ?? "") }
                return MLflowFilter.test(statusClause, text: MLflowRunStatus.name(of: component.status))
            case "artifact_uri":
                let experimentID = MLflowNaming.experimentID(strataName: run.experiment)
                return MLflowFilter.test(clause, text: "mlflow-artifacts:/\(experimentID)/\(component.name)/artifacts")
            case "end_time":
                return MLflowFilter.test(clause, text: component.endTime.map { String(MLflowWire.milliseconds($0)) })
            default:
                return MLflowFilter.test(clause, text: String(MLflowWire.milliseconds(component.startTime ?? component.createdAt)))
            }
        }
    }

    static func ordering(_ text: String) throws(ServerError) -> String {
        let (entity, name, ascending) = try MLflowFilter.parseOrdering(text)
        let direction = ascending ? " asc" : " desc"
        switch entity {
        case .metric: return "metrics." + key(name) + ".last" + direction
        case .parameter: return "params." + key(name) + direction
        case .tag: return "tags." + key(name) + direction
        case .attribute:
            switch name.lowercased() {
            case "start_time", "created": return "created" + direction
            case "run_id", "run_uuid": return "name" + direction
            case "run_name": return "tags." + key("mlflow.runName") + direction
            case "status": return "status" + direction
            default:
                throw MLflowErrors.invalid("Runs cannot be ordered by '\(name)' on this server; use metrics, params, tags, start_time, run_name, run_id or status.", field: "order_by")
            }
        }
    }
}
