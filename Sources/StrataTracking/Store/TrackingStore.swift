import Foundation

/// Where the experiment record lives: SQLite (`SQLiteTrackingStore`), and later PostgreSQL or a
/// remote Strata server. Every implementation passes the one conformance suite in
/// `_StrataTestSupport` (`StoreConformance`).
///
/// ```swift
/// let store = try openTrackingStore(url: "sqlite:.strata/strata.sqlite")   // from StrataSQLite
/// _ = try await store.loadOrCreateExperiment("segments")
/// _ = try await store.loadOrCreateTrial("kmeans-k4", experiment: "segments")
/// try await Tracker.with(store: store, component: "kmeans-k4-fit", trials: ["kmeans-k4"]) { tracker in
///     try await tracker.logParameters(["clusterCount": 4])
///     try await tracker.logMetric("silhouette", 0.41)
/// }
/// ```
///
/// ## Contract
/// - **Names** of experiments, trials and components match `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$`
///   and are unique per kind; a bad name throws ``TrackingError/invalidName(kind:name:)``. Every
///   other limit of ``TrackingLimits`` is checked before anything is written and throws a
///   ``TrackingError``; a failed call changes nothing.
/// - **Load-or-create** (`loadOrCreate…`) is one atomic call: it returns the stored entity if the
///   name exists (the other arguments are then ignored — except a trial's experiment, which
///   must match, else ``TrackingError/conflict(_:)``), otherwise creates it with them. Two
///   processes racing on one name both get the same entity.
/// - **Get** (`experiment(named:)`, …) throws ``TrackingError/notFound(kind:name:)`` for an
///   unknown name. A component comes with its parameters, artifacts, metric summaries, tags and
///   trial names.
/// - **List** sorts by ``ListOptions/sortBy`` (ties by name) and pages with limit/offset.
/// - **Update** changes display name, description (experiments), metadata (trials) and tags,
///   bumps `updatedAt`, and returns the entity as stored.
/// - **Delete**: an experiment with trials throws ``TrackingError/hasChildren(kind:name:childCount:)``
///   unless `cascade` is true, which deletes its trials too. Deleting a trial removes its
///   component links, not the components (a component may belong to other trials). Deleting a
///   component removes its parameters, artifacts, metrics, tags and links, and the files copied
///   under `<artifactDirectory>/<component>/`. Deleting an unknown name throws
///   ``TrackingError/notFound(kind:name:)``.
/// - **Create** (``createComponent(_:displayName:tags:sourceJob:)``) is atomic like load-or-create
///   but refuses a taken name with ``TrackingError/alreadyExists(kind:name:)``: of several
///   processes creating one name, exactly one succeeds. ``createNumberedComponent(_:displayName:tags:sourceJob:)``
///   builds "a new component per run" on it (`fit`, `fit-2`, `fit-3`, …).
/// - **Artifacts** copied by ``Tracker/logArtifact(file:name:mediaType:direction:)`` are recorded
///   by their path relative to ``artifactDirectory`` (`<component>/<name>`), so a store moved as a
///   whole keeps them; ``artifactFileURL(_:)`` resolves a value (relative path, absolute path or
///   `file://` URL) to the file.
/// - **Associate / disassociate** a component with any number of trials (M:N); associating twice
///   or disassociating an absent link is a no-op; unknown names throw `notFound`.
/// - **Write primitive** ``apply(_:)``: all Tracker writes go through it. The batch is validated,
///   then applied in one transaction — all or nothing, durable when the call returns. Parameters
///   and artifacts are upserted by name (a component holds at most 300 parameters), metric
///   points appended, and each metric's summary updated incrementally (Welford; `last` = the
///   point with the highest step, ties by latest timestamp then latest arrival). The component
///   must exist (`notFound` otherwise). Concurrent `apply` calls, also from several processes,
///   serialize: no point or summary update is lost.
/// - **Blocking write** ``applySynchronously(_:)`` is ``apply(_:)`` for callers that cannot
///   await: the Tracker writes through it from its own serial queue, and from `deinit` and signal
///   handlers. It must not depend on Swift's cooperative thread pool (it may be called while every
///   pool thread is busy): SQLite writes on the calling thread, a network store waits on its own
///   event loop.
/// - **Metric series** are returned in step order (missing steps first), then arrival order.
/// - All methods are safe to call concurrently.
public protocol TrackingStore: Sendable {
    /// Directory under which ``Tracker/logArtifact(file:name:mediaType:direction:)`` copies files, as
    /// `<artifactDirectory>/<component>/<name>`.
    var artifactDirectory: URL { get }

    // MARK: Experiments
    func loadOrCreateExperiment(_ name: String, displayName: String?, description: String?,
                                tags: [String: String], createdBy: String?) async throws -> Experiment
    func experiment(named name: String) async throws -> Experiment
    func experiments(_ options: ListOptions) async throws -> [Experiment]
    func updateExperiment(_ name: String, _ update: EntityUpdate) async throws -> Experiment
    func deleteExperiment(_ name: String, cascade: Bool) async throws

    // MARK: Trials
    func loadOrCreateTrial(_ name: String, experiment: String, displayName: String?,
                           tags: [String: String], metadata: [String: String]) async throws -> Trial
    func trial(named name: String) async throws -> Trial
    /// Trials of one experiment, or of all when `experiment` is nil.
    func trials(experiment: String?, _ options: ListOptions) async throws -> [Trial]
    func updateTrial(_ name: String, _ update: EntityUpdate) async throws -> Trial
    func deleteTrial(_ name: String) async throws

    // MARK: Trial components
    func loadOrCreateComponent(_ name: String, displayName: String?, tags: [String: String],
                               sourceJob: String?) async throws -> TrialComponent
    func component(named name: String) async throws -> TrialComponent
    /// Components of one trial, or of all when `trial` is nil.
    func components(trial: String?, _ options: ListOptions) async throws -> [TrialComponent]
    func updateComponent(_ name: String, _ update: EntityUpdate) async throws -> TrialComponent
    func deleteComponent(_ name: String) async throws
    /// Creates the component, or throws ``TrackingError/alreadyExists(kind:name:)`` if the name is taken.
    func createComponent(_ name: String, displayName: String?, tags: [String: String],
                         sourceJob: String?) async throws -> TrialComponent
    func associate(component: String, trial: String) async throws
    func disassociate(component: String, trial: String) async throws
    func metricSeries(component: String, metric: String) async throws -> [MetricPoint]
    /// The bytes of the file an artifact records (`<component>/<name>` under
    /// ``artifactDirectory``, an absolute path or a `file://` URL); a remote store downloads it.
    /// Throws ``TrackingError/storage(_:)`` naming the artifact when there is no such file.
    /// The default reads ``artifactFileURL(_:)``.
    func artifactContents(_ artifact: Artifact) async throws -> Data

    // MARK: The write primitive
    func apply(_ batch: TrackingWriteBatch) async throws
    /// ``apply(_:)`` blocking the calling thread, without Swift concurrency (see the contract).
    func applySynchronously(_ batch: TrackingWriteBatch) throws
}

extension TrackingStore {
    public func loadOrCreateExperiment(_ name: String, displayName: String? = nil, description: String? = nil,
                                       tags: [String: String] = [:]) async throws -> Experiment {
        try await loadOrCreateExperiment(name, displayName: displayName, description: description, tags: tags,
                                         createdBy: ProcessInfo.processInfo.environment["USER"])
    }

    public func loadOrCreateTrial(_ name: String, experiment: String, metadata: [String: String] = [:]) async throws -> Trial {
        try await loadOrCreateTrial(name, experiment: experiment, displayName: nil, tags: [:], metadata: metadata)
    }

    public func loadOrCreateComponent(_ name: String, displayName: String? = nil, tags: [String: String] = [:]) async throws -> TrialComponent {
        try await loadOrCreateComponent(name, displayName: displayName, tags: tags, sourceJob: nil)
    }

    public func experiments() async throws -> [Experiment] { try await experiments(ListOptions()) }
    public func trials(experiment: String? = nil) async throws -> [Trial] { try await trials(experiment: experiment, ListOptions()) }
    public func components(trial: String? = nil) async throws -> [TrialComponent] { try await components(trial: trial, ListOptions()) }
}
