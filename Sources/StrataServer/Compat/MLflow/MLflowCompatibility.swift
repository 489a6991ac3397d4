import StrataTracking

/// The mappings the MLflow API applies between MLflow's model and the Strata record, for tools
/// that show both names and for checking a filter's translation.
///
/// ```swift
/// MLflowCompatibility.strataExperimentName(forMLflowName: "churn segments")   // "n--636875726e207365676d656e7473"
/// try MLflowCompatibility.strataQuery(filter: "metrics.rmse < 0.8", experiments: ["churn"])
/// // experiment in ("churn") and tags.`strata.mlflow.deleted` not exists and metrics.`rmse`.last < 0.8 order by created desc
/// ```
/// Names: see ``mlflowName(of:)``; every function is linear in its input.
public enum MLflowCompatibility {
    /// The Strata experiment name an MLflow experiment name maps to when it is created: itself
    /// when it is a valid Strata name without `--`, else `n--<hex of its UTF-8>` (up to 58
    /// bytes) or `h--<SHA-256 hex>`; a name already taken gets `-2`, `-3`, … (the MLflow name
    /// is kept in the `strata.mlflow.name` tag).
    public static func strataExperimentName(forMLflowName name: String) -> String {
        MLflowNaming.strataName(forExperiment: name)
    }

    /// The MLflow name of a Strata experiment: its `strata.mlflow.name` tag, the decoded `n--`
    /// form, or the Strata name itself.
    public static func mlflowName(of experiment: Experiment) -> String { MLflowNaming.mlflowName(of: experiment) }

    /// The MLflow experiment id of a Strata experiment: its name (`Default` is `0`).
    public static func experimentID(strataName: String) -> String { MLflowNaming.experimentID(strataName: strataName) }

    /// The Strata search query (components) that `runs/search` runs for these arguments; throws
    /// ``ServerError`` (`INVALID_PARAMETER_VALUE`, naming the filter) for what MLflow refuses too.
    public static func strataQuery(filter: String, orderBy: [String] = [], runViewType: String = "ACTIVE_ONLY",
                                   experiments: [String]) throws -> String {
        let request = MLflowRequests.SearchRuns(experimentIds: experiments, filter: filter, runViewType: WireEnum(name: runViewType),
                                                maxResults: nil, orderBy: orderBy, pageToken: nil)
        return try MLflowRunSearch(request, experiments: experiments).query
    }

    /// SQL `LIKE` (or `ILIKE`) as MLflow filters use it: `%` any run, `_` one character.
    public static func like(_ pattern: String, matches text: String, caseInsensitive: Bool = false) -> Bool {
        MLflowLikePattern(pattern, caseInsensitive: caseInsensitive).matches(text)
    }
}
