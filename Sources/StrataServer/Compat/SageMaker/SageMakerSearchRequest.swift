/// The `Search` request as botocore's model spells it.
struct SageMakerSearchRequest: Decodable {
    struct Filter: Decodable {
        var Name: String
        var Operator: String?
        var Value: String?
    }

    struct NestedFilters: Decodable {
        var NestedPropertyName: String
        var Filters: [Filter]
    }

    struct Expression: Decodable {
        var Filters: [Filter]?
        var NestedFilters: [NestedFilters]?
        var SubExpressions: [Expression]?
        var Operator: String?
    }

    var Resource: String
    var SearchExpression: Expression?
    var SortBy: String?
    var SortOrder: String?
    var NextToken: String?
    var MaxResults: Int?

    static let resources = ["Experiment", "ExperimentTrial", "ExperimentTrialComponent"]
    static let operators = ["Equals", "NotEquals", "GreaterThan", "GreaterThanOrEqualTo", "LessThan",
                            "LessThanOrEqualTo", "Contains", "Exists", "NotExists", "In"]
    /// SageMaker allows five levels of sub-expressions and twenty members per list.
    static let maximumDepth = 5
    static let maximumMembers = 20

    func validate() throws {
        guard Self.resources.contains(Resource) else {
            throw ServerError(.badRequest, "Resource \(Resource) is not kept by this server: search Experiment, ExperimentTrial or ExperimentTrialComponent.",
                              field: "Resource")
        }
        try SageMakerValidation.oneOf(SortOrder, field: "SortOrder", SageMakerShapes.sortOrders)
        try SageMakerValidation.length(SortBy, field: "SortBy", min: 1, max: 255)
        if let SearchExpression { try Self.validate(SearchExpression, path: "SearchExpression", depth: 1) }
    }

    static func validate(_ expression: Expression, path: String, depth: Int) throws {
        if depth > maximumDepth {
            throw ServerError(.badRequest, "\(path) nests more than \(maximumDepth) levels of SubExpressions.", field: path)
        }
        try SageMakerValidation.oneOf(expression.Operator, field: "\(path).Operator", ["And", "Or"])
        let filters = (expression.Filters ?? []) + (expression.NestedFilters ?? []).flatMap(\.Filters)
        try SageMakerValidation.count(expression.Filters?.count ?? 0, field: "\(path).Filters", max: maximumMembers)
        try SageMakerValidation.count(expression.NestedFilters?.count ?? 0, field: "\(path).NestedFilters", max: maximumMembers)
        try SageMakerValidation.count(expression.SubExpressions?.count ?? 0, field: "\(path).SubExpressions", max: maximumMembers)
        for filter in filters {
            try SageMakerValidation.length(filter.Name, field: "\(path).Filters.Name", min: 1, max: 255)
            try SageMakerValidation.length(filter.Value, field: "\(path).Filters.Value", min: 1, max: 1024)
            try SageMakerValidation.oneOf(filter.Operator, field: "\(path).Filters.Operator", operators)
            let needsValue = !["Exists", "NotExists"].contains(filter.Operator ?? "Equals")
            if needsValue && filter.Value == nil {
                throw ServerError(.badRequest, "Filter \(filter.Name) with \(filter.Operator ?? "Equals") needs a Value.", field: "\(path).Filters.Value")
            }
        }
        for (index, sub) in (expression.SubExpressions ?? []).enumerated() {
            try validate(sub, path: "\(path).SubExpressions[\(index)]", depth: depth + 1)
        }
    }
}
