import Foundation
import Hummingbird
import StrataTracking

/// `/api/2.0/mlflow/experiments/…`: get-by-name, create, get, search, update, delete, restore,
/// set-experiment-tag, delete-experiment-tag.
enum MLflowExperimentRoutes {
    static func register(on routes: GuardedRoutes, prefix: String) {
        let record = MLflowRecord(store: routes.services.store)
        let store = routes.services.store

        routes.add(.get, "\(prefix)/experiments/get-by-name", api: .mlflow, rule: .read) { request, context in
            let name = try request.mlflowQuery("experiment_name")
            guard let experiment = try await record.experiment(mlflowName: name) else {
                throw MLflowErrors.notFound("Could not find experiment with name '\(name)'")
            }
            try context.requireRead(experiment: experiment.name)
            return try MLflowAPI.reply(["experiment": record.render(experiment)])
        }

        routes.add(.get, "\(prefix)/experiments/get", api: .mlflow, rule: .read) { request, context in
            let experiment = try await record.experiment(id: try request.mlflowQuery("experiment_id"))
            try context.requireRead(experiment: experiment.name)
            return try MLflowAPI.reply(["experiment": record.render(experiment)])
        }

        routes.add(.post, "\(prefix)/experiments/create", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.CreateExperiment.self, context: context)
            let tags = try MLflowAPI.tagDictionary(body.tags ?? [], field: "tags")
            let experiment = try await record.createExperiment(name: body.name, tags: tags, createdBy: try context.requireCaller.name)
            return try MLflowAPI.reply(["experiment_id": MLflowNaming.experimentID(strataName: experiment.name)])
        }

        routes.add(.post, "\(prefix)/experiments/search", api: .mlflow, rule: .read) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.SearchExperiments.self, context: context)
            let caller = try context.requireCaller
            let visible = try await store.experiments().filter { caller.canRead(experiment: $0.name) }
            let page = try MLflowExperimentSearch(body).run(over: visible)
            return try MLflowAPI.reply(MLflowExperimentSearch.Reply(experiments: page.items.map(record.render), nextPageToken: page.next))
        }

        routes.add(.post, "\(prefix)/experiments/update", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.UpdateExperiment.self, context: context)
            let experiment = try await record.experiment(id: body.experimentId)
            try MLflowRecord.validateExperimentName(body.newName, field: "new_name")
            if let other = try await record.experiment(mlflowName: body.newName), other.name != experiment.name {
                throw MLflowErrors.invalid("Experiment(name=\(body.newName)) already exists.", field: "new_name")
            }
            let display = body.newName.count <= TrackingLimits.displayNameLength ? body.newName : ""
            _ = try await store.updateExperiment(experiment.name, EntityUpdate(displayName: display, setTags: [MLflowNaming.nameTag: body.newName]))
            return MLflowAPI.empty()
        }

        for (action, deleted) in [("delete", true), ("restore", false)] {
            routes.add(.post, "\(prefix)/experiments/\(action)", api: .mlflow, rule: .write) { request, context in
                let body = try await request.decodeMLflow(MLflowRequests.ExperimentID.self, context: context)
                let experiment = try await record.experiment(id: body.experimentId)
                _ = try await store.updateExperiment(experiment.name, MLflowNaming.lifecycleUpdate(deleted: deleted))
                return MLflowAPI.empty()
            }
        }

        routes.add(.post, "\(prefix)/experiments/set-experiment-tag", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.SetExperimentTag.self, context: context)
            let tags = try MLflowAPI.tagDictionary([.init(key: body.key, value: body.value)], field: "key")
            let experiment = try await record.experiment(id: body.experimentId)
            _ = try await store.updateExperiment(experiment.name, EntityUpdate(setTags: tags))
            return MLflowAPI.empty()
        }

        routes.add(.post, "\(prefix)/experiments/delete-experiment-tag", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.DeleteExperimentTag.self, context: context)
            let experiment = try await record.experiment(id: body.experimentId)
            guard experiment.tags[body.key] != nil, !body.key.hasPrefix(MLflowNaming.internalTagPrefix) else {
                throw MLflowErrors.notFound("No tag with name: \(body.key) in experiment with id \(body.experimentId)")
            }
            _ = try await store.updateExperiment(experiment.name, EntityUpdate(removeTags: [body.key]))
            return MLflowAPI.empty()
        }
    }
}
