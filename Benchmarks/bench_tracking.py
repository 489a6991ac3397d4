#!/usr/bin/env python3
"""Tracking benchmark: 1,000,000 metric points logged through Strata's Tracker into SQLite versus
MLflow's own SQLite store (MlflowClient.log_batch, 1,000-point batches), same series, same run.

    swift build -c release --product bench-tracking
    python3 Benchmarks/bench_tracking.py [--points 1000000] [--batch 1000] [--mlflow-points N]

Targets (issue 2): Strata <= 5 s for 1M points, and >= 10x faster than MLflow.
MLflow's SQLite store needs SQLAlchemy and Alembic next to mlflow-skinny
(`pip install mlflow-skinny==3.17.2 sqlalchemy alembic`).
"""
import argparse
import json
import logging
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "bench-tracking")


def run_strata(directory, points):
    if not os.path.exists(BINARY):
        print("building bench-tracking (swift build -c release --product bench-tracking) ...", flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "bench-tracking"], cwd=ROOT, check=True)
    path = os.path.join(directory, "strata", "strata.sqlite")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    output = subprocess.run([BINARY, path, str(points)], check=True, capture_output=True, text=True).stdout
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(output.strip().splitlines()[-1])
    if result["stored"] != points or result["summary_count"] != points:
        sys.exit(f"Strata stored {result['stored']} points (summary count {result['summary_count']}), expected {points}")
    result["peak_mib"] = max(peak_kib, before) / 1024
    return result


def run_mlflow(directory, points, batch):
    warnings.filterwarnings("ignore")
    logging.getLogger("mlflow").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    try:
        import sqlalchemy  # noqa: F401  (MLflow registers its SQLite store only when it is importable)
        import mlflow
        from mlflow.entities import Metric
        from mlflow.tracking import MlflowClient
    except ImportError as error:
        sys.exit(f"MLflow's SQLite store is unavailable ({error}); pip install mlflow-skinny sqlalchemy alembic")
    for name in ("mlflow", "alembic", "mlflow.store.db.utils"):  # after import: mlflow sets its own levels
        logging.getLogger(name).setLevel(logging.ERROR)
    path = os.path.join(directory, "mlflow", "mlflow.db")
    os.makedirs(os.path.dirname(path))
    client = MlflowClient(tracking_uri=f"sqlite:///{path}", registry_uri=f"file://{directory}/mlflow/registry")
    experiment = client.create_experiment("bench", artifact_location=f"file://{directory}/mlflow/artifacts")
    run = client.create_run(experiment)
    run_id = run.info.run_id
    base_ms = 1_700_000_000_000
    start = time.perf_counter()
    for first in range(0, points, batch):
        metrics = [Metric("loss", step / 1000, base_ms + step, step) for step in range(first, min(points, first + batch))]
        client.log_batch(run_id, metrics=metrics)
    seconds = time.perf_counter() - start
    client.set_terminated(run_id)
    stored = sqlite3.connect(path).execute("SELECT COUNT(*) FROM metrics").fetchone()[0]
    if stored != points:
        sys.exit(f"MLflow stored {stored} points, expected {points}")
    return {"seconds": seconds, "points": points, "version": mlflow.__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1_000, help="MLflow log_batch size (its limit is 1,000 metrics)")
    parser.add_argument("--mlflow-points", type=int, default=None,
                        help="points for MLflow (default: --points); fewer is extrapolated linearly and labelled so")
    args = parser.parse_args()
    mlflow_points = args.mlflow_points or args.points
    directory = tempfile.mkdtemp(prefix="strata-bench-tracking-")
    try:
        strata = run_strata(directory, args.points)
        print(f"Strata Tracker -> SQLite : {args.points:>9,} points in {strata['seconds']:7.3f} s "
              f"({args.points / strata['seconds']:>11,.0f} points/s, flush every {strata['flush_count']:,}, "
              f"peak {strata['peak_mib']:.0f} MiB)", flush=True)
        mlflow = run_mlflow(directory, mlflow_points, args.batch)
        mlflow_seconds = mlflow["seconds"] * args.points / mlflow_points
        label = "" if mlflow_points == args.points else f" (measured on {mlflow_points:,} points, scaled)"
        print(f"MLflow {mlflow['version']} log_batch -> SQLite: {args.points:>9,} points in {mlflow_seconds:7.3f} s "
              f"({args.points / mlflow_seconds:>11,.0f} points/s, batches of {args.batch:,}){label}")
        ratio = mlflow_seconds / strata["seconds"]
        print(f"ratio MLflow/Strata: {ratio:.1f}x")
        if args.points == 1_000_000:
            print(f"target Strata <= 5 s: {'met' if strata['seconds'] <= 5 else 'MISSED'}; "
                  f"target >= 10x MLflow: {'met' if ratio >= 10 else 'MISSED'}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
