import Foundation
import Hummingbird
import StrataTracking

/// `/api/2.0/mlflow/runs/…`: create, get, update, delete, restore, search.
enum MLflowRunRoutes {
    static func register(on routes: GuardedRoutes, prefix: String) {
        let record = MLflowRecord(store: routes.services.store)
        let store = routes.services.store

        routes.add(.post, "\(prefix)/runs/create", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.CreateRun.self, context: context)
            let experiment = try await record.experiment(id: body.experimentId ?? MLflowNaming.defaultExperimentID)
            if experiment.tags[MLflowNaming.deletedTag] != nil {
                throw MLflowErrors.invalid("The experiment \(MLflowNaming.mlflowName(of: experiment)) must be in the 'active' state.", field: "experiment_id")
            }
            var tags = try MLflowAPI.tagDictionary(body.tags ?? [], field: "tags")
            let runID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let runName = body.runName.flatMap { $0.isEmpty ? nil : $0 } ?? tags["mlflow.runName"] ?? "run-\(runID.prefix(8))"
            tags["mlflow.runName"] = runName
            if let user = body.userId, !user.isEmpty, tags["mlflow.user"] == nil { tags["mlflow.user"] = user }
            try TrackingLimits.validateTags(tags)
            let display = String(runName.prefix(TrackingLimits.displayNameLength))
            _ = try await store.loadOrCreateTrial(runID, experiment: experiment.name, displayName: display, tags: [:], metadata: [:])
            _ = try await store.createComponent(runID, displayName: display, tags: tags, sourceJob: nil)
            try await store.associate(component: runID, trial: runID)
            let start = body.startTime.map { Double($0.value) / 1000 } ?? Date().timeIntervalSince1970
            try await store.apply(TrackingWriteBatch(component: runID, statusChange: .init(status: .init(.inProgress), startTime: start)))
            return try MLflowAPI.reply(["run": record.render(try await record.run(id: runID))])
        }

        routes.add(.get, "\(prefix)/runs/get", api: .mlflow, rule: .read) { request, context in
            let id = try request.mlflowOptionalQuery("run_id").flatMap { $0.isEmpty ? nil : $0 } ?? request.mlflowQuery("run_uuid")
            let run = try await record.run(id: id)
            try context.requireRead(experiment: run.experiment)
            return try MLflowAPI.reply(["run": record.render(run)])
        }

        routes.add(.post, "\(prefix)/runs/update", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.UpdateRun.self, context: context)
            let id = try MLflowRequests.runID(body.runId, body.runUuid)
            _ = try await record.run(id: id)
            if let name = body.runName, !name.isEmpty {
                _ = try await store.updateComponent(id, EntityUpdate(displayName: String(name.prefix(TrackingLimits.displayNameLength)),
                                                                     setTags: ["mlflow.runName": name]))
            }
            let status = try body.status.map { try MLflowRunStatus.componentStatus($0) }
            if status != nil || body.endTime != nil {
                try await store.apply(TrackingWriteBatch(component: id, statusChange: .init(
                    status: status, endTime: body.endTime.map { Double($0.value) / 1000 })))
            }
            return try MLflowAPI.reply(["run_info": record.render(try await record.run(id: id)).info])
        }

        for (action, deleted) in [("delete", true), ("restore", false)] {
            routes.add(.post, "\(prefix)/runs/\(action)", api: .mlflow, rule: .write) { request, context in
                let body = try await request.decodeMLflow(MLflowRequests.RunID.self, context: context)
                _ = try await record.run(id: body.runId)
                _ = try await store.updateComponent(body.runId, MLflowNaming.lifecycleUpdate(deleted: deleted))
                return MLflowAPI.empty()
            }
        }

        routes.add(.post, "\(prefix)/runs/search", api: .mlflow, rule: .read) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.SearchRuns.self, context: context)
            let caller = try context.requireCaller
            var experiments: [String] = []
            for id in body.experimentIds ?? [] {
                let experiment = try await record.experiment(id: id)
                try context.requireRead(experiment: experiment.name)
                experiments.append(experiment.name)
            }
            if experiments.isEmpty {
                experiments = try await store.experiments().map(\.name).filter { caller.canRead(experiment: $0) }
            }
            let search = try MLflowRunSearch(body, experiments: experiments)
            let page = try await search.run(record: record)
            return try MLflowAPI.reply(MLflowRunSearch.Reply(runs: page.runs.map(record.render), nextPageToken: page.next))
        }
    }
}
