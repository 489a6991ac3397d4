import Foundation
import Hummingbird
import StrataTracking

/// `Search` over experiments, trials (`ExperimentTrial`) and trial components
/// (`ExperimentTrialComponent`); results keyed `Experiment`, `Trial` or `TrialComponent`.
extension SageMakerAPI {
    static func search(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(SageMakerSearchRequest.self)
        try request.validate()
        let page = try SageMakerPage(maxResults: request.MaxResults, nextToken: request.NextToken)
        struct Result: Encodable {
            var Experiment: SageMakerRecords.Experiment?
            var Trial: SageMakerRecords.Trial?
            var TrialComponent: SageMakerRecords.Component?
        }
        struct Reply: Encodable { var Results: [Result]; var NextToken: String? }

        if request.Resource == "Experiment" {
            let matches = try SageMakerExperimentFilter.compile(request.SearchExpression)
            let experiments = try await call.store.experiments().filter { call.caller.canRead(experiment: $0.name) && matches($0) }
            let (rows, next) = page.slice(try SageMakerExperimentFilter.sort(experiments, by: request.SortBy, order: request.SortOrder))
            return try call.reply(Reply(Results: rows.map { Result(Experiment: SageMakerRecords.experiment($0, arns: call.arns, withTags: true)) },
                                        NextToken: next))
        }

        let target: SearchTarget = request.Resource == "ExperimentTrial" ? .trials : .components
        let translator = SageMakerSearchTranslator(target: target)
        var filters: [SearchExpression] = []
        if let expression = request.SearchExpression, let translated = try translator.translate(expression) { filters.append(translated) }
        if let grant = viewerGrant(call) { filters.append(grant) }
        // One row beyond the page says whether another page follows.
        let query = SearchQuery(filter: .all(filters), ordering: try translator.ordering(sortBy: request.SortBy, sortOrder: request.SortOrder),
                                limit: page.size + 1, offset: page.offset)
        let names = try await call.store.search(query.spelling, target: target)
        let next = names.count > page.size ? page.nextToken(total: page.offset + names.count) : nil
        var results: [Result] = []
        var parents = SageMakerParents()
        for name in names.prefix(page.size) {
            if target == .trials {
                let trial = try await call.store.trial(named: name)
                let components = try await call.store.components(trial: name)
                results.append(Result(Trial: SageMakerRecords.trial(trial, arns: call.arns, withTags: true, components: components)))
            } else {
                let component = try await call.store.component(named: name)
                let of = try await parents.of(component, store: call.store)
                results.append(Result(TrialComponent: SageMakerRecords.component(component, arns: call.arns, parents: of, withTags: true)))
            }
        }
        return try call.reply(Reply(Results: results, NextToken: next))
    }
}
