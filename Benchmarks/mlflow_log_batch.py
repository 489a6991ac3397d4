"""The real mlflow client logging 100,000 metric points with log_batch into `strata serve` and
into `mlflow server` on its SQLite backend, in one run; prints both times and the ratio.

Setup (once):
    bash Tests/Clients/setup.sh                                  # .venv-clients: mlflow-skinny (the client)
    python3 -m venv /work/.venv-mlflow-server && /work/.venv-mlflow-server/bin/pip install mlflow==3.17.2
    swift build -c release --product strata
Run:
    .venv-clients/bin/python Benchmarks/mlflow_log_batch.py [--points 100000] \
        [--mlflow-server /work/.venv-mlflow-server/bin/mlflow] [--strata .build/release/strata]
Both servers get a fresh SQLite file in a temporary directory and run on loopback without
credentials; the client is the same process and code for both, and each server is warmed with
one small batch first; the servers take turns and each one's best round is kept. Timed: the whole `log_batch` call (the client splits it into requests of
1,000 metrics, MLflow's batch limit, and spends much of the time turning them into JSON), and
within it the time spent waiting on HTTP requests (server and loopback transport).
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import mlflow.utils.rest_utils as rest_utils
from mlflow import MlflowClient
from mlflow.entities import Metric

_http_request = rest_utils.http_request
_http_seconds = [0.0]


def timed_http_request(*args, **kwargs):
    start = time.perf_counter()
    try:
        return _http_request(*args, **kwargs)
    finally:
        _http_seconds[0] += time.perf_counter() - start


rest_utils.http_request = timed_http_request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {seconds} s")


def log_points(url, points):
    client = MlflowClient(tracking_uri=url)
    experiment = client.create_experiment(f"bench-{os.getpid()}-{time.time_ns()}")
    run = client.create_run(experiment)
    client.log_batch(client.create_run(experiment).info.run_id, metrics=[Metric("warm", 0.0, 0, i) for i in range(1000)])
    base = int(time.time() * 1000)
    metrics = [Metric(f"m{i % 10}", (i * 7919 % 1000) / 1000.0, base + i, i // 10) for i in range(points)]
    _http_seconds[0] = 0.0
    start = time.perf_counter()
    client.log_batch(run.info.run_id, metrics=metrics)
    elapsed = time.perf_counter() - start
    http = _http_seconds[0]
    stored = sum(len(client.get_metric_history(run.info.run_id, f"m{k}")) for k in range(10))
    if stored != points:
        raise SystemExit(f"{url}: {stored} points stored, {points} logged")
    return elapsed, http


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--mlflow-server", default="/work/.venv-mlflow-server/bin/mlflow")
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build/release/strata"))
    parser.add_argument("--strata-url", help="use a Strata server already running at this URL instead of starting one")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="mlflow-bench-")
    processes = []
    try:
        strata_port, mlflow_port = free_port(), free_port()
        strata_url = args.strata_url or f"http://127.0.0.1:{strata_port}"
        if not args.strata_url:
            strata = subprocess.Popen([args.strata, "serve", "--store", f"sqlite:{scratch}/strata/strata.sqlite",
                                       "--host", "127.0.0.1", "--port", str(strata_port)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            processes.append(strata)
            wait_until_up(strata_url + "/healthz", strata)
        mlflow = subprocess.Popen([args.mlflow_server, "server", "--backend-store-uri", f"sqlite:///{scratch}/mlflow.db",
                                   "--artifacts-destination", f"{scratch}/mlflow-artifacts",
                                   "--host", "127.0.0.1", "--port", str(mlflow_port), "--workers", "1"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(mlflow)
        mlflow_url = f"http://127.0.0.1:{mlflow_port}"
        wait_until_up(mlflow_url + "/health", mlflow)
        # `mlflow server` keeps working in the background for a while after it answers /health,
        # which slows whatever runs beside it: alternate the servers and keep each one's best round.
        strata_rounds, mlflow_rounds = [], []
        for _ in range(args.rounds):
            mlflow_rounds.append(log_points(mlflow_url, args.points))
            strata_rounds.append(log_points(strata_url, args.points))
        strata_total, strata_http = min(strata_rounds)
        mlflow_total, mlflow_http = min(mlflow_rounds)
        print(f"log_batch of {args.points:,} metric points through the mlflow client (1,000 per request), best of {args.rounds} rounds")
        print(f"                           whole call     waiting on HTTP")
        print(f"  strata serve (SQLite):   {strata_total:8.2f} s     {strata_http:8.2f} s")
        print(f"  mlflow server (SQLite):  {mlflow_total:8.2f} s     {mlflow_http:8.2f} s")
        print(f"  ratio mlflow/strata:     {mlflow_total / strata_total:8.1f}x     {mlflow_http / strata_http:8.1f}x")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
