#!/usr/bin/env python3
"""Load on `strata serve`: 32 concurrent clients over loopback — native REST, SageMaker (boto3)
and MLflow (the mlflow client) mixed — each logging 1,000 metric points in batches and searching
after every batch. Prints p50/p99 request latency per API, throughput, errors, and counts the
points in the store afterwards (no point may be lost).

    .venv-clients/bin/python Benchmarks/server_load.py [--clients 32] [--points 1000]

Needs the release build (`swift build -c release --product strata`) and the client venv
(`bash Tests/Clients/setup.sh`).
"""
import argparse, datetime, json, os, sqlite3, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.path.join(ROOT, ".build", "release", "strata")


def start_server(directory):
    store = f"sqlite:{directory}/strata.sqlite"
    user = json.loads(subprocess.run([STRATA, "users", "add", "bench", "--role", "editor", "--json", "--store", store],
                                     check=True, capture_output=True, text=True, cwd=directory).stdout)
    server = subprocess.Popen([STRATA, "serve", "--store", store, "--port", "0"],
                              cwd=directory, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in server.stderr:
        if line.startswith("strata serve: listening on "):
            base = line.strip().split("listening on ")[1]
            break
    else:
        raise SystemExit("strata serve did not start")
    # Keep draining the request log so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    return server, base, user


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.errors = []

    def timed(self, api, call):
        start = time.perf_counter()
        try:
            return call()
        except Exception as error:  # any failure is a finding, recorded with its API
            with self.lock:
                self.errors.append(f"{api}: {error!r}"[:300])
        finally:
            with self.lock:
                self.latencies.setdefault(api, []).append(time.perf_counter() - start)


def native_client(index, base, user, points, batch, rec):
    headers = {"Authorization": f"Bearer {user['token']}", "Content-Type": "application/json"}

    def call(method, path, body=None):
        request = urllib.request.Request(base + path, method=method, headers=headers,
                                         data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(request) as response:
            return response.read()

    name = f"native-{index}"
    rec.timed("native", lambda: call("PUT", "/api/v1/experiments/load-native", {}))
    rec.timed("native", lambda: call("PUT", f"/api/v1/trials/{name}", {"experiment": "load-native"}))
    rec.timed("native", lambda: call("PUT", f"/api/v1/components/{name}", {}))
    rec.timed("native", lambda: call("PUT", f"/api/v1/components/{name}/trials/{name}"))
    for start in range(0, points, batch):
        now = time.time()
        body = {"component": name, "metricPoints": [{"name": "loss", "value": 1.0 / (s + 1), "step": s, "timestamp": now}
                                                    for s in range(start, min(points, start + batch))]}
        rec.timed("native", lambda: call("POST", "/api/v1/writes", body))
        query = urllib.parse.quote("metrics.loss.count >= 1 order by metrics.loss.last asc limit 10")
        rec.timed("native search", lambda: call("GET", f"/api/v1/search?q={query}"))


def sagemaker_client(index, base, user, points, rec):
    import boto3
    session = boto3.session.Session(aws_access_key_id=user["access_key_id"], aws_secret_access_key=user["secret_access_key"],
                                    region_name="us-east-1")
    sm = session.client("sagemaker", endpoint_url=base)
    metrics = session.client("sagemaker-metrics", endpoint_url=base)
    name = f"sagemaker-{index}"

    def create_experiment():
        try:
            sm.create_experiment(ExperimentName="load-sagemaker")
        except sm.exceptions.ClientError as error:
            if "already exists" not in str(error):
                raise
    rec.timed("sagemaker", create_experiment)
    rec.timed("sagemaker", lambda: sm.create_trial(TrialName=name, ExperimentName="load-sagemaker"))
    rec.timed("sagemaker", lambda: sm.create_trial_component(TrialComponentName=name))
    rec.timed("sagemaker", lambda: sm.associate_trial_component(TrialComponentName=name, TrialName=name))
    for start in range(0, points, 10):  # BatchPutMetrics takes at most 10 points
        now = datetime.datetime.now(datetime.timezone.utc)
        data = [{"MetricName": "loss", "Timestamp": now, "Step": s, "Value": 1.0 / (s + 1)}
                for s in range(start, min(points, start + 10))]
        reply = rec.timed("sagemaker metrics", lambda: metrics.batch_put_metrics(TrialComponentName=name, MetricData=data))
        if reply and reply.get("Errors"):
            with rec.lock:
                rec.errors.append(f"sagemaker metrics: {reply['Errors']}")
        if (start // 10) % 10 == 9:
            rec.timed("sagemaker search", lambda: sm.search(Resource="ExperimentTrialComponent", MaxResults=10, SearchExpression={
                "Filters": [{"Name": "Metrics.loss.Count", "Operator": "GreaterThanOrEqualTo", "Value": "1"}]}))


def mlflow_client(index, base, user, points, batch, rec):
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient
    client = MlflowClient(tracking_uri=base)
    from mlflow.exceptions import MlflowException

    def load_or_create():
        # mlflow's own pattern; clients racing on the create get RESOURCE_ALREADY_EXISTS, as
        # from mlflow server, and load the winner's experiment.
        found = client.get_experiment_by_name("load-mlflow")
        if found:
            return found.experiment_id
        try:
            return client.create_experiment("load-mlflow")
        except MlflowException as error:
            if error.error_code != "RESOURCE_ALREADY_EXISTS":
                raise
            return client.get_experiment_by_name("load-mlflow").experiment_id
    experiment = rec.timed("mlflow", load_or_create)
    run = rec.timed("mlflow", lambda: client.create_run(experiment, run_name=f"mlflow-{index}").info.run_id)
    for start in range(0, points, batch):
        now = int(time.time() * 1000)
        metrics = [Metric("loss", 1.0 / (s + 1), now, s) for s in range(start, min(points, start + batch))]
        rec.timed("mlflow", lambda: client.log_batch(run, metrics=metrics))
        rec.timed("mlflow search", lambda: client.search_runs([experiment], "metrics.loss > 0", max_results=10))
    rec.timed("mlflow", lambda: client.set_terminated(run))


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        server, base, user = start_server(directory)
        os.environ["MLFLOW_TRACKING_TOKEN"] = user["token"]
        os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"  # an error must show, not be retried away
        rec = Recorder()
        threads = []
        for i in range(args.clients):
            kind = i % 3
            target = (native_client, (i, base, user, args.points, args.batch, rec)) if kind == 0 else \
                     (sagemaker_client, (i, base, user, args.points, rec)) if kind == 1 else \
                     (mlflow_client, (i, base, user, args.points, args.batch, rec))
            threads.append(threading.Thread(target=target[0], args=target[1]))
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        server.terminate()
        code = server.wait(timeout=60)
        stored = sqlite3.connect(f"{directory}/strata.sqlite").execute("SELECT count(*) FROM metric_points").fetchone()[0]
    expected = args.clients * args.points
    requests = sum(len(v) for v in rec.latencies.values())
    print(f"{args.clients} clients × {args.points} points over loopback: {wall:.2f} s wall, {requests} requests "
          f"({requests / wall:.0f}/s), {expected / wall:.0f} points/s")
    for api, values in sorted(rec.latencies.items()):
        print(f"  {api:18s} {len(values):6d} requests  p50 {1000 * percentile(values, 0.5):7.2f} ms  "
              f"p99 {1000 * percentile(values, 0.99):7.2f} ms")
    print(f"points stored {stored} of {expected} ({'none lost' if stored == expected else 'LOST ' + str(expected - stored)}); "
          f"errors: {len(rec.errors)}; server exit status {code}")
    for error in rec.errors[:10]:
        print("  ", error)
    sys.exit(0 if stored == expected and not rec.errors and code == 0 else 1)


if __name__ == "__main__":
    main()
