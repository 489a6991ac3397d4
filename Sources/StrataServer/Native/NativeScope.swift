import Foundation
import StrataAuth
import StrataTracking

/// What a caller may see of the record: editors and admins everything; a viewer the
/// experiments granted to it, their trials, and the components linked to those trials.
struct NativeScope {
    let store: any SearchableTrackingStore
    let caller: Caller

    init(_ store: any SearchableTrackingStore, _ context: StrataRequestContext) throws {
        self.store = store
        caller = try context.requireCaller
    }

    /// True when the caller sees only some experiments.
    var restricted: Bool { !caller.canWrite && caller.experiments != nil }

    var granted: [String] { (caller.experiments ?? []).sorted() }

    func requireRead(experiment: String) throws {
        guard caller.canRead(experiment: experiment) else {
            throw ServerError(.forbidden, "User \(caller.name) may not read experiment \"\(experiment)\".")
        }
    }

    func requireRead(component: TrialComponent) async throws {
        guard restricted else { return }
        for trial in component.trials {
            if caller.canRead(experiment: try await store.trial(named: trial).experimentName) { return }
        }
        throw ServerError(.forbidden, "User \(caller.name) may not read component \"\(component.name)\".")
    }

    /// The components among `components` the caller may read (one trial listing when restricted).
    func readable(_ components: [TrialComponent]) async throws -> [TrialComponent] {
        guard restricted else { return components }
        let visibleTrials = Set(try await store.trials(experiment: nil, ListOptions()).filter {
            caller.canRead(experiment: $0.experimentName)
        }.map(\.name))
        return components.filter { $0.trials.contains(where: visibleTrials.contains) }
    }

    /// `query` limited to the granted experiments (a restricted viewer's searches and
    /// leaderboards); nil when nothing is granted.
    func scoped(_ query: SearchQuery) -> SearchQuery? {
        guard restricted else { return query }
        guard !granted.isEmpty else { return nil }
        let scope = SearchExpression.predicate(SearchPredicate(key: .attribute(.experiment), op: .in,
                                                               values: granted.map { .string($0) }))
        var scopedQuery = query
        scopedQuery.filter = query.filter.map { .and(scope, $0) } ?? scope
        return scopedQuery
    }
}
