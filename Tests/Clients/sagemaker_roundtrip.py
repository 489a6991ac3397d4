"""Drives a Strata server with the real SageMaker Experiments SDK (smexperiments 0.1.45) and boto3.

Environment: SAGEMAKER_ENDPOINT=http://127.0.0.1:PORT, AWS_REGION / AWS_DEFAULT_REGION,
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (a key pair the server issued), STRATA_EXPERIMENT
(the experiment to load or create). Optional STRATA_CHECK_SIGNATURES=1: also expect a wrong
secret to be refused (403 InvalidSignatureException).

Prints one JSON line describing what it wrote (for the Swift test to look up with the CLI) and
exits 0, or prints the first failed check on stderr and exits 1.
"""
import datetime
import json
import os
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

# smexperiments sleeps 1.2 s between deletes to stay under AWS's request rate; this server has
# no throttling, and the test should take seconds.
time.sleep = lambda seconds: None

from smexperiments import search_expression as se  # noqa: E402
from smexperiments.experiment import Experiment  # noqa: E402
from smexperiments.tracker import Tracker  # noqa: E402
from smexperiments.trial import Trial  # noqa: E402
from smexperiments.trial_component import TrialComponent  # noqa: E402

ENDPOINT = os.environ["SAGEMAKER_ENDPOINT"]
REGION = os.environ["AWS_REGION"]
EXPERIMENT = os.environ.get("STRATA_EXPERIMENT", "segments")
TRIAL = EXPERIMENT + "-kmeans"
NO_RETRIES = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def client_error(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except botocore.exceptions.ClientError as error:
        return error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"]["Code"], error.response["Error"]["Message"]
    check(False, "%s should have failed" % getattr(call, "__name__", call))


sagemaker = boto3.client("sagemaker", endpoint_url=ENDPOINT, region_name=REGION, config=NO_RETRIES)
metrics = boto3.client("sagemaker-metrics", endpoint_url=ENDPOINT, region_name=REGION, config=NO_RETRIES)

# Load-or-create, as notebooks do it.
if EXPERIMENT in [summary.experiment_name for summary in Experiment.list()]:
    experiment = Experiment.load(experiment_name=EXPERIMENT)
else:
    experiment = Experiment.create(experiment_name=EXPERIMENT, description="Customer segments",
                                   tags=[{"Key": "team", "Value": "growth"}])
check(experiment.experiment_arn.endswith(":experiment/" + EXPERIMENT), "experiment ARN " + str(experiment.experiment_arn))
status, code, message = client_error(Experiment.create, experiment_name=EXPERIMENT)
check(status == 400 and code == "ValidationException" and "already exists" in message, "duplicate experiment: %s %s %s" % (status, code, message))

try:
    trial = Trial.load(trial_name=TRIAL)
except botocore.exceptions.ClientError as error:
    check(error.response["Error"]["Code"] == "ResourceNotFound", "Trial.load of a new trial: " + str(error))
    trial = Trial.create(trial_name=TRIAL, experiment_name=EXPERIMENT, tags=[{"Key": "algorithm", "Value": "kmeans"}])
check(trial.experiment_name == EXPERIMENT, "trial's experiment " + str(trial.experiment_name))

# A tracker closed by hand: no status is sent.
preprocessing = Tracker.create(display_name="preprocessing")
preprocessing.log_parameters({"scaler": "standard", "components": 3})
preprocessing.log_input(name="customers", value="file:///data/customers.csv", media_type="text/csv")
preprocessing.log_output(name="embedding", media_type="text/csv", value="file:///data/embedding.csv")
preprocessing.close()
trial.add_trial_component(preprocessing.trial_component)

# The `with` form: Completed.
with Tracker.create(display_name="kmeans") as fit:
    fit.log_parameters({"k": 4, "algorithm": "kmeans", "seed": 42})
    fit.log_output(name="labels", media_type="text/csv", value="file:///data/labels.csv")
trial.add_trial_component(fit.trial_component)
fit_name = fit.trial_component.trial_component_name

# The `with` form: Failed with the exception's message.
try:
    with Tracker.create(display_name="dbscan") as broken:
        broken.log_parameters({"eps": 0.01, "algorithm": "dbscan"})
        raise RuntimeError("eps is too small: every point is noise")
except RuntimeError:
    pass
trial.add_trial_component(broken.trial_component)

# Metrics through sagemaker-metrics, read back as per-step maxima.
now = time.time()
silhouette = [0.31, 0.38, 0.42, 0.41]
reply = metrics.batch_put_metrics(TrialComponentName=fit_name, MetricData=[
    {"MetricName": "silhouette", "Timestamp": datetime.datetime.fromtimestamp(now + step), "Step": step, "Value": value}
    for step, value in enumerate(silhouette)])
check(not reply.get("Errors"), "BatchPutMetrics errors " + str(reply.get("Errors")))
reply = metrics.batch_get_metrics(MetricQueries=[{
    "MetricName": "silhouette", "ResourceArn": fit.trial_component.trial_component_arn,
    "MetricStat": "Max", "Period": "IterationNumber", "XAxisType": "IterationNumber"}])
result = reply["MetricQueryResults"][0]
check(result["Status"] == "Complete" and result["MetricValues"] == silhouette and result["XAxisValues"] == [0, 1, 2, 3],
      "BatchGetMetrics " + str(result))

# What the SDK reads back.
loaded = TrialComponent.load(trial_component_name=fit_name)
check(loaded.status.primary_status == "Completed", "fit status " + str(loaded.status))
check(loaded.parameters == {"k": 4, "algorithm": "kmeans", "seed": 42}, "fit parameters " + str(loaded.parameters))
check(loaded.output_artifacts["labels"].value == "file:///data/labels.csv", "fit outputs " + str(loaded.output_artifacts))
check(loaded.start_time is not None and loaded.end_time is not None and loaded.end_time >= loaded.start_time, "fit times")
summary = {m.metric_name: m for m in loaded.metrics}["silhouette"]
check(summary.count == 4 and summary.max == max(silhouette) and summary.last == silhouette[-1], "metric summary " + str(vars(summary)))
failed = TrialComponent.load(trial_component_name=broken.trial_component.trial_component_name)
check(failed.status.primary_status == "Failed" and "every point is noise" in failed.status.message, "failed status " + str(failed.status))
kept = TrialComponent.load(trial_component_name=preprocessing.trial_component.trial_component_name)
check(kept.input_artifacts["customers"].media_type == "text/csv" and kept.parameters["components"] == 3, "preprocessing " + str(vars(kept)))

# Tracker.load resends the whole map; a removal goes through UpdateTrialComponent.
sagemaker.update_trial_component(TrialComponentName=fit_name, ParametersToRemove=["seed"])
check("seed" not in TrialComponent.load(trial_component_name=fit_name).parameters, "ParametersToRemove")

# Search with the SDK's own expressions.
by_parameter = se.SearchExpression(filters=[se.Filter("Parameters.algorithm", se.Operator.EQUALS, "kmeans"),
                                            se.Filter("Parents.ExperimentName", se.Operator.EQUALS, EXPERIMENT)])
found = [c.trial_component_name for c in TrialComponent.search(search_expression=by_parameter)]
check(found == [fit_name], "TrialComponent.search by parameter: " + str(found))
by_metric = se.SearchExpression(filters=[se.Filter("Metrics.silhouette.Max", se.Operator.GREATER_THAN_OR_EQUAL, "0.4")])
found = [c.trial_component_name for c in TrialComponent.search(search_expression=by_metric, sort_by="CreationTime", sort_order="Ascending")]
check(fit_name in found, "TrialComponent.search by metric: " + str(found))
either = se.SearchExpression(sub_expressions=[
    se.SearchExpression(filters=[se.Filter("Status.PrimaryStatus", se.Operator.EQUALS, "Failed")]),
    se.SearchExpression(filters=[se.Filter("DisplayName", se.Operator.EQUALS, "preprocessing")])],
    boolean_operator=se.BooleanOperator.OR)
found = sorted(c.trial_component_name for c in TrialComponent.search(search_expression=either))
check(found == sorted([broken.trial_component.trial_component_name, preprocessing.trial_component.trial_component_name]),
      "TrialComponent.search with Or: " + str(found))
experiments = [e.experiment_name for e in Experiment.search(search_expression=se.SearchExpression(
    filters=[se.Filter("ExperimentName", se.Operator.EQUALS, EXPERIMENT)]))]
check(experiments == [EXPERIMENT], "Experiment.search " + str(experiments))
listed = [s.trial_component_name for s in TrialComponent.list(experiment_name=EXPERIMENT)]
check(sorted(listed) == sorted([fit_name, broken.trial_component.trial_component_name, preprocessing.trial_component.trial_component_name]),
      "TrialComponent.list(experiment_name) " + str(listed))
check([t.trial_name for t in experiment.list_trials()] == [TRIAL], "experiment.list_trials")

# Tags by ARN.
sagemaker.add_tags(ResourceArn=trial.trial_arn, Tags=[{"Key": "reviewed", "Value": "yes"}])
tags = {t["Key"]: t["Value"] for t in sagemaker.list_tags(ResourceArn=trial.trial_arn)["Tags"]}
check(tags == {"algorithm": "kmeans", "reviewed": "yes"}, "ListTags " + str(tags))
sagemaker.delete_tags(ResourceArn=trial.trial_arn, TagKeys=["reviewed"])

# Errors as AWS writes them.
status, code, _ = client_error(sagemaker.describe_trial_component, TrialComponentName="no-such-component")
check(status == 400 and code == "ResourceNotFound", "unknown component: %s %s" % (status, code))
status, code, message = client_error(sagemaker.create_experiment, ExperimentName="x", Description="d" * 3073)
check(status == 400 and code == "ValidationException" and "Description" in message, "long description: " + message)
if os.environ.get("STRATA_CHECK_SIGNATURES") == "1":
    forged = boto3.client("sagemaker", endpoint_url=ENDPOINT, region_name=REGION, config=NO_RETRIES,
                          aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key="not-the-secret")
    status, code, _ = client_error(forged.list_experiments)
    check(status == 403 and code == "InvalidSignatureException", "wrong secret: %s %s" % (status, code))

# delete_all on a throwaway experiment; the main one stays for the CLI to read.
scratch = Experiment.create(experiment_name=EXPERIMENT + "-scratch")
scratch_trial = Trial.create(trial_name=EXPERIMENT + "-scratch-t", experiment_name=scratch.experiment_name)
with Tracker.create(display_name="scratch") as scratch_tracker:
    scratch_tracker.log_parameters({"k": 2})
scratch_trial.add_trial_component(scratch_tracker.trial_component)
scratch.delete_all(action="--force")
status, code, _ = client_error(Experiment.load, experiment_name=scratch.experiment_name)
check(code == "ResourceNotFound", "experiment after delete_all: " + code)
status, code, _ = client_error(TrialComponent.load, trial_component_name=scratch_tracker.trial_component.trial_component_name)
check(code == "ResourceNotFound", "component after delete_all: " + code)

print(json.dumps({"experiment": EXPERIMENT, "trial": TRIAL, "fit": fit_name,
                  "failed": broken.trial_component.trial_component_name,
                  "preprocessing": preprocessing.trial_component.trial_component_name,
                  "silhouette": silhouette}))
