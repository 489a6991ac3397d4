"""Drives the real mlflow client (mlflow-skinny, pinned in requirements.txt) against a Strata
server and prints what it saw as one JSON object; the Swift test checks it and the record.

Usage: MLFLOW_TRACKING_TOKEN=<token> python mlflow_roundtrip.py http://127.0.0.1:PORT
"""
import json
import os
import sys
import tempfile

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

mlflow.set_tracking_uri(sys.argv[1])
client = MlflowClient()
out = {}

# A name Strata's own names forbid (space, slash): mapped reversibly.
experiment = mlflow.set_experiment("churn segments/2024")
out["experiment_id"] = experiment.experiment_id
out["experiment_name"] = client.get_experiment(experiment.experiment_id).name
client.set_experiment_tag(experiment.experiment_id, "team", "growth")

workdir = tempfile.mkdtemp()
csv = os.path.join(workdir, "segments.csv")
with open(csv, "w") as f:
    f.write("id,segment\n1,0\n2,3\n")

with mlflow.start_run(run_name="kmeans k4") as run:
    mlflow.log_param("algorithm", "kmeans")
    mlflow.log_params({"k": 4, "eps": 0.25})
    for step in range(5):
        mlflow.log_metric("inertia", 100.0 - 10 * step, step=step)
    mlflow.log_metrics({"silhouette": 0.41, "dbi": 0.9}, step=4)
    mlflow.set_tag("owner", "ana")
    mlflow.log_artifact(csv)
    mlflow.log_artifact(csv, artifact_path="reports/q3")
    try:
        mlflow.log_param("k", 5)
        out["immutable"] = "accepted"
    except MlflowException as error:
        out["immutable"] = error.error_code
    mlflow.log_param("k", 4)  # the same value again is fine
kmeans = run.info.run_id

with mlflow.start_run(run_name="dbscan") as run:
    mlflow.log_param("algorithm", "dbscan")
    client.log_batch(run.info.run_id,
                     metrics=[Metric("silhouette", 0.2 + i / 100, 1_700_000_000_000 + i, i) for i in range(10)],
                     params=[Param("eps", "0.5")], tags=[RunTag("owner", "bo")])
dbscan = run.info.run_id

failed = mlflow.start_run(run_name="broken").info.run_id
mlflow.end_run(status="FAILED")

out["runs"] = {"kmeans": kmeans, "dbscan": dbscan, "failed": failed}
info = client.get_run(kmeans)
out["kmeans"] = {
    "status": info.info.status, "run_name": info.info.run_name, "params": info.data.params,
    "metrics": info.data.metrics, "owner": info.data.tags.get("owner"), "artifact_uri": info.info.artifact_uri,
    "has_end": info.info.end_time is not None and info.info.end_time >= info.info.start_time,
}
out["dbscan_silhouette"] = client.get_run(dbscan).data.metrics["silhouette"]
out["failed_status"] = client.get_run(failed).info.status
out["history"] = [[m.step, m.value] for m in client.get_metric_history(kmeans, "inertia")]


def search(filter_string, order_by=None, view=None):
    kwargs = {"filter_string": filter_string, "order_by": order_by}
    if view:
        kwargs["run_view_type"] = view
    return [r.info.run_id for r in client.search_runs([experiment.experiment_id], **kwargs)]


out["search"] = {
    "silhouette_desc": search("", order_by=["metrics.silhouette DESC"]),
    "kmeans_good": search("metrics.silhouette > 0.3 and params.algorithm = 'kmeans'"),
    "owner_like": search("tags.owner LIKE 'a%'"),
    "name_ilike": search("attributes.run_name ILIKE 'KMEANS%'"),
    "failed": search("attributes.status = 'FAILED'"),
    "in": search(f"attributes.run_id IN ('{kmeans}', '{failed}')", order_by=["attributes.run_name ASC"]),
    "numeric_param": search("params.k = '4'"),
    "no_k": search("params.k IS NULL", order_by=["attributes.start_time ASC"]),
    "quoted_key": search('metrics."silhouette" <= 0.3'),
}
out["search_runs_default_order"] = [r.info.run_id for r in mlflow.search_runs(
    experiment_ids=[experiment.experiment_id], output_format="list")]

client.delete_run(failed)
out["after_delete"] = search("")
out["deleted_only"] = search("", view=mlflow.entities.ViewType.DELETED_ONLY)
client.restore_run(failed)
out["after_restore"] = sorted(search(""))
client.delete_tag(dbscan, "owner")
out["dbscan_tags"] = sorted(k for k in client.get_run(dbscan).data.tags if not k.startswith("mlflow."))

out["artifacts"] = sorted(f.path for f in client.list_artifacts(kmeans))
out["artifacts_q3"] = [f.path for f in client.list_artifacts(kmeans, "reports/q3")]
downloaded = mlflow.artifacts.download_artifacts(run_id=kmeans, artifact_path="reports/q3/segments.csv", dst_path=workdir + "/dl")
with open(downloaded) as f:
    out["downloaded"] = f.read()
whole = mlflow.artifacts.download_artifacts(run_id=kmeans, dst_path=workdir + "/all")
out["downloaded_tree"] = sorted(os.path.relpath(os.path.join(d, n), whole) for d, _, names in os.walk(whole) for n in names)

try:
    client.get_run("0" * 32)
    out["missing_run"] = "found"
except MlflowException as error:
    out["missing_run"] = error.error_code
out["missing_experiment"] = client.get_experiment_by_name("no such experiment") is None
try:
    client.create_experiment("churn segments/2024")
    out["duplicate_experiment"] = "created"
except MlflowException as error:
    out["duplicate_experiment"] = error.error_code

out["experiments"] = [e.name for e in client.search_experiments(filter_string="name LIKE 'churn%'")]
out["experiment_tags"] = client.get_experiment(experiment.experiment_id).tags.get("team")
client.rename_experiment(experiment.experiment_id, "churn segments (final)")
out["renamed"] = client.get_experiment_by_name("churn segments (final)").experiment_id
print(json.dumps(out))
