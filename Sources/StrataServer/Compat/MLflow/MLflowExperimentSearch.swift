import StrataTracking

/// `experiments/search`. Strata's search language targets trials and components, not
/// experiments, so the (few) experiments are listed by the store and the MLflow filter is
/// checked on each: `name` and `tags.k` with `= != LIKE ILIKE IS NULL IS NOT NULL`,
/// `creation_time` / `last_update_time` with comparisons; ordered by `name`, `experiment_id`,
/// `creation_time` or `last_update_time` (default: `creation_time DESC`).
struct MLflowExperimentSearch: Sendable {
    struct Reply: Encodable { var experiments: [MLflowWire.Experiment]; var nextPageToken: String? }

    let filter: MLflowFilter
    let orderings: [(key: String, ascending: Bool)]
    let view: String
    let pageSize: Int
    let offset: Int

    init(_ request: MLflowRequests.SearchExperiments) throws(ServerError) {
        filter = try MLflowFilter.parse(request.filter ?? "")
        for clause in filter.clauses where clause.entity == .metric || clause.entity == .parameter {
            throw MLflowFilter.invalid("experiments can be filtered by name, tags, creation_time and last_update_time only.")
        }
        var orderings: [(key: String, ascending: Bool)] = []
        for text in request.orderBy ?? [] {
            let (entity, key, ascending) = try MLflowFilter.parseOrdering(text)
            guard entity == .attribute, ["name", "experiment_id", "creation_time", "last_update_time"].contains(key) else {
                throw MLflowErrors.invalid("Experiments cannot be ordered by '\(text)'; use name, experiment_id, creation_time or last_update_time.", field: "order_by")
            }
            orderings.append((key, ascending))
        }
        self.orderings = orderings.isEmpty ? [("creation_time", false)] : orderings
        view = request.viewType?.name.uppercased() ?? "ACTIVE_ONLY"
        pageSize = try MLflowPageToken.pageSize(Int(request.maxResults?.value ?? 1000), field: "max_results")
        offset = try MLflowPageToken.offset(request.pageToken)
    }

    func run(over experiments: [Experiment]) -> (items: [Experiment], next: String?) {
        let matching = experiments.filter { experiment in
            let deleted = experiment.tags[MLflowNaming.deletedTag] != nil
            switch view {
            case "DELETED_ONLY", "2": if !deleted { return false }
            case "ALL", "3": break
            default: if deleted { return false }
            }
            return filter.clauses.allSatisfy { Self.test($0, experiment) }
        }
        let sorted = matching.sorted { a, b in
            for (key, ascending) in orderings {
                let (x, y) = (Self.sortValue(key, a), Self.sortValue(key, b))
                if x != y { return ascending ? x < y : x > y }
            }
            return a.name < b.name
        }
        let page = Array(sorted.dropFirst(offset).prefix(pageSize))
        return (page, offset + page.count < sorted.count ? MLflowPageToken.token(offset + page.count) : nil)
    }

    static func test(_ clause: MLflowFilter.Clause, _ experiment: Experiment) -> Bool {
        if clause.entity == .tag {
            return clause.key.hasPrefix(MLflowNaming.internalTagPrefix) ? false : MLflowFilter.test(clause, text: experiment.tags[clause.key])
        }
        switch clause.key {
        case "name": return MLflowFilter.test(clause, text: MLflowNaming.mlflowName(of: experiment))
        case "creation_time": return MLflowFilter.test(clause, text: String(MLflowWire.milliseconds(experiment.createdAt)))
        case "last_update_time": return MLflowFilter.test(clause, text: String(MLflowWire.milliseconds(experiment.updatedAt)))
        case "experiment_id": return MLflowFilter.test(clause, text: MLflowNaming.experimentID(strataName: experiment.name))
        default: return false
        }
    }

    enum SortValue: Comparable { case number(Double), text(String) }

    static func sortValue(_ key: String, _ experiment: Experiment) -> SortValue {
        switch key {
        case "name": return .text(MLflowNaming.mlflowName(of: experiment))
        case "experiment_id": return .text(MLflowNaming.experimentID(strataName: experiment.name))
        case "last_update_time": return .number(experiment.updatedAt.timeIntervalSince1970)
        default: return .number(experiment.createdAt.timeIntervalSince1970)
        }
    }
}
