import Foundation
import StrataTracking

extension StoreConformance {
    static var entityChecks: [Check] {
        [
            Check(name: "experiment load-or-create is idempotent") { store in
                let first = try await store.loadOrCreateExperiment("segments", displayName: "Segments", description: "Q3",
                                                                   tags: ["owner": "ana"], createdBy: "ana")
                let second = try await store.loadOrCreateExperiment("segments", displayName: "Other", description: nil,
                                                                    tags: [:], createdBy: "bob")
                try requireEqual(second, first, "second load returns the stored experiment")
                try requireEqual(first.tags, ["owner": "ana"], "tags")
                try requireEqual(first.createdBy, "ana", "createdBy")
                try requireEqual(try await store.experiment(named: "segments"), first, "get")
            },
            Check(name: "unknown names are notFound") { store in
                try await requireError("experiment", isNotFound) { _ = try await store.experiment(named: "nope") }
                try await requireError("trial", isNotFound) { _ = try await store.trial(named: "nope") }
                try await requireError("component", isNotFound) { _ = try await store.component(named: "nope") }
                try await requireError("delete", isNotFound) { try await store.deleteExperiment("nope", cascade: true) }
                try await requireError("series", isNotFound) { _ = try await store.metricSeries(component: "nope", metric: "m") }
                try await requireError("trial of unknown experiment", isNotFound) {
                    _ = try await store.loadOrCreateTrial("t1", experiment: "nope")
                }
            },
            Check(name: "names follow the SageMaker pattern") { store in
                for bad in ["", "-a", "a-", "a_b", "a b", "é", "a.b", String(repeating: "a", count: 121)] {
                    try await requireError("experiment name \"\(bad)\"", isInvalidName) {
                        _ = try await store.loadOrCreateExperiment(bad)
                    }
                    try await requireError("component name \"\(bad)\"", isInvalidName) {
                        _ = try await store.loadOrCreateComponent(bad)
                    }
                }
                for good in ["a", "A9", "a--b-c", String(repeating: "z", count: 120)] {
                    _ = try await store.loadOrCreateExperiment(good)
                }
            },
            Check(name: "lists sort and page") { store in
                for name in ["e3", "e1", "e5", "e2", "e4"] { _ = try await store.loadOrCreateExperiment(name) }
                let page = try await store.experiments(ListOptions(sortBy: .name, limit: 2, offset: 2)).map(\.name)
                try requireEqual(page, ["e3", "e4"], "name ascending page 2")
                let descending = try await store.experiments(ListOptions(sortBy: .name, ascending: false)).map(\.name)
                try requireEqual(descending, ["e5", "e4", "e3", "e2", "e1"], "name descending")
                let created = try await store.experiments(ListOptions(sortBy: .createdAt)).map(\.name)
                try requireEqual(created.count, 5, "all listed")
                let empty = try await store.experiments(ListOptions(limit: 0))
                try requireEqual(empty.count, 0, "limit 0")
                try await requireError("negative offset", isInvalidValue) {
                    _ = try await store.experiments(ListOptions(offset: -1))
                }
            },
            Check(name: "update description, display name and tags") { store in
                let created = try await store.loadOrCreateExperiment("exp", displayName: nil, description: nil,
                                                                     tags: ["a": "1", "b": "2"], createdBy: nil)
                let updated = try await store.updateExperiment("exp", EntityUpdate(
                    displayName: "Nice", description: "Why", setTags: ["c": "3", "a": "9"], removeTags: ["b"]))
                try requireEqual(updated.displayName, "Nice", "display name")
                try requireEqual(updated.description, "Why", "description")
                try requireEqual(updated.tags, ["a": "9", "c": "3"], "tags")
                try require(updated.updatedAt >= created.updatedAt, "updatedAt moves forward")
                try requireEqual(try await store.experiment(named: "exp"), updated, "stored")
                let cleared = try await store.updateExperiment("exp", EntityUpdate(displayName: ""))
                try requireEqual(cleared.displayName, nil, "empty display name clears")
                try requireEqual(cleared.description, "Why", "untouched description")
            },
            Check(name: "tag limits are errors and change nothing") { store in
                let many = Dictionary(uniqueKeysWithValues: (0..<51).map { ("k\($0)", "v") })
                try await requireError("51 tags", isLimit) { _ = try await store.loadOrCreateExperiment("e", tags: many) }
                try await requireError("long key", isInvalidValue) {
                    _ = try await store.loadOrCreateExperiment("e", tags: [String(repeating: "k", count: 129): "v"])
                }
                try await requireError("long value", isInvalidValue) {
                    _ = try await store.loadOrCreateExperiment("e", tags: ["k": String(repeating: "v", count: 257)])
                }
                let fifty = Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\($0)", "v") })
                _ = try await store.loadOrCreateExperiment("e", tags: fifty)
                try await requireError("51st tag by update", isLimit) {
                    _ = try await store.updateExperiment("e", EntityUpdate(description: "x", setTags: ["extra": "v"]))
                }
                let stored = try await store.experiment(named: "e")
                try requireEqual(stored.tags.count, 50, "tags after failed update")
                try requireEqual(stored.description, nil, "failed update changed nothing")
            },
            Check(name: "trials belong to one experiment") { store in
                _ = try await store.loadOrCreateExperiment("a")
                _ = try await store.loadOrCreateExperiment("b")
                let trial = try await store.loadOrCreateTrial("t1", experiment: "a", displayName: "One", tags: ["x": "y"],
                                                              metadata: ["git-commit": "1a2b3c"])
                try requireEqual(trial.experimentName, "a", "experiment")
                try requireEqual(trial.metadata, ["git-commit": "1a2b3c"], "metadata")
                try requireEqual(try await store.loadOrCreateTrial("t1", experiment: "a"), trial, "load again")
                try await requireError("same trial name in another experiment", { if case .conflict = $0 { true } else { false } }) {
                    _ = try await store.loadOrCreateTrial("t1", experiment: "b")
                }
                _ = try await store.loadOrCreateTrial("t2", experiment: "b")
                _ = try await store.loadOrCreateTrial("t3", experiment: "a")
                try requireEqual(try await store.trials(experiment: "a", ListOptions(sortBy: .name)).map(\.name), ["t1", "t3"], "filter")
                try requireEqual(try await store.trials(experiment: nil, ListOptions(sortBy: .name, ascending: false)).map(\.name),
                                 ["t3", "t2", "t1"], "all trials")
                let updated = try await store.updateTrial("t1", EntityUpdate(setTags: ["z": "1"], metadata: ["branch": "main"]))
                try requireEqual(updated.metadata, ["git-commit": "1a2b3c", "branch": "main"], "metadata merged")
                try requireEqual(updated.tags, ["x": "y", "z": "1"], "trial tags")
            },
            Check(name: "deleting an experiment with trials needs cascade") { store in
                _ = try await store.loadOrCreateExperiment("exp")
                _ = try await store.loadOrCreateTrial("t1", experiment: "exp")
                _ = try await store.loadOrCreateTrial("t2", experiment: "exp")
                _ = try await store.loadOrCreateComponent("c1")
                try await store.associate(component: "c1", trial: "t1")
                try await requireError("delete without cascade", {
                    if case .hasChildren(_, _, 2) = $0 { true } else { false }
                }) { try await store.deleteExperiment("exp", cascade: false) }
                try requireEqual(try await store.trials(experiment: "exp").count, 2, "nothing deleted")
                try await store.deleteExperiment("exp", cascade: true)
                try await requireError("experiment gone", isNotFound) { _ = try await store.experiment(named: "exp") }
                try await requireError("trial gone", isNotFound) { _ = try await store.trial(named: "t1") }
                let component = try await store.component(named: "c1")
                try requireEqual(component.trials, [], "component kept, link gone")
                _ = try await store.loadOrCreateExperiment("empty")
                try await store.deleteExperiment("empty", cascade: false)
            },
            Check(name: "components link to several trials") { store in
                _ = try await store.loadOrCreateExperiment("exp")
                for trial in ["t1", "t2", "t3"] { _ = try await store.loadOrCreateTrial(trial, experiment: "exp") }
                let created = try await store.loadOrCreateComponent("prep", displayName: "Preprocessing",
                                                                    tags: ["stage": "1"], sourceJob: "job-7")
                try requireEqual(created.status, TrialComponentStatus(.inProgress), "new component is InProgress")
                try requireEqual(created.sourceJob, "job-7", "source job")
                _ = try await store.loadOrCreateComponent("fit")
                for trial in ["t1", "t2"] { try await store.associate(component: "prep", trial: trial) }
                try await store.associate(component: "prep", trial: "t1")   // twice: no-op
                try await store.associate(component: "fit", trial: "t1")
                try requireEqual(try await store.component(named: "prep").trials, ["t1", "t2"], "trials of prep")
                try requireEqual(try await store.components(trial: "t1", ListOptions(sortBy: .name)).map(\.name),
                                 ["fit", "prep"], "components of t1")
                try await store.disassociate(component: "prep", trial: "t1")
                try await store.disassociate(component: "prep", trial: "t3")   // absent link: no-op
                try requireEqual(try await store.component(named: "prep").trials, ["t2"], "after disassociate")
                try await requireError("unknown trial", isNotFound) { try await store.associate(component: "prep", trial: "zz") }
                let renamed = try await store.updateComponent("prep", EntityUpdate(displayName: "Prep", setTags: ["k": "v"]))
                try requireEqual(renamed.tags, ["stage": "1", "k": "v"], "component tags")
                try await store.deleteTrial("t2")
                try requireEqual(try await store.component(named: "prep").trials, [], "trial deleted, component kept")
                try await store.deleteComponent("fit")
                try requireEqual(try await store.components(trial: "t1").map(\.name), [], "component deleted")
                try requireEqual(try await store.components(trial: nil).map(\.name), ["prep"], "remaining components")
            },
        ]
    }
}
