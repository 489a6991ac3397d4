#!/usr/bin/env python3
"""Fills a Strata SQLite store with a large experiment for the dashboard's leaderboard timings.

    python3 Benchmarks/leaderboard_store.py STORE.sqlite [--components 100000] [--seed 7]

The file must already exist with Strata's schema (any `strata` command on `--store sqlite:FILE`
creates it, e.g. `strata search 'name = "x"' --store sqlite:FILE`). Rows are written straight into
the tables (the record's own writer would take minutes for this many): one experiment `big`,
trials of four components each (select, scale, reduce, cluster) as a pipeline sweep records them,
parameters per step and metric summaries on the cluster step, plus a smaller experiment `small`
so that filters on the experiment matter.
"""
import argparse
import json
import random
import sqlite3
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("--components", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.store)
    db.execute("PRAGMA synchronous = OFF")
    now = time.time() - 86_400
    steps = ["select", "scale", "reduce", "cluster"]
    methods = ["kmeans", "hdbscan", "dbscan", "gmm"]
    started = time.time()
    with db:
        for experiment, components in (("big", args.components), ("small", 400)):
            db.execute("INSERT INTO experiments (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)",
                       (experiment, f"{components} generated components", now, now))
            experiment_id = db.execute("SELECT id FROM experiments WHERE name = ?", (experiment,)).fetchone()[0]
            trial_count = components // len(steps)
            for t in range(trial_count):
                created = now + t * 0.5
                value = rng.random()
                metadata = {"objective.metric": "segmentation_score (maximize)", "objective.value": repr(value),
                            "feasible": "true", "pipeline": "generated"}
                cursor = db.execute("INSERT INTO trials (name, experiment_id, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                                    (f"{experiment}-{t:06d}", experiment_id, json.dumps(metadata, sort_keys=True), created, created))
                trial_id = cursor.lastrowid
                method = rng.choice(methods)
                k = rng.randint(3, 30)
                for step in steps:
                    cursor = db.execute(
                        "INSERT INTO trial_components (name, status, start_time, end_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (f"{experiment}-{t:06d}-{step}", rng.choice(["Completed"] * 8 + ["Failed", "InProgress"]),
                         created, created + 1, created, created + 1))
                    component_id = cursor.lastrowid
                    db.execute("INSERT INTO trial_component_links (trial_id, component_id) VALUES (?, ?)", (trial_id, component_id))
                    parameters = {"seed": (42, None), "cache_hit": (None, rng.choice(["true", "false"]))}
                    if step == "cluster":
                        parameters.update({"method": (None, method), "n_clusters": (k, None),
                                           "min_samples": (rng.randint(5, 50), None)})
                    if step == "reduce":
                        parameters.update({"n_neighbors": (rng.randint(5, 50), None), "min_dist": (rng.random() * 0.5, None)})
                    db.executemany("INSERT INTO parameters (component_id, name, number_value, string_value) VALUES (?, ?, ?, ?)",
                                   [(component_id, name, n, s) for name, (n, s) in parameters.items()])
                    metrics = {"seconds": rng.random() * 10}
                    if step == "cluster":
                        metrics.update({"silhouette": value * 0.8, "davies_bouldin": 0.5 + rng.random() * 2,
                                        "calinski_harabasz": rng.random() * 5000, "segmentation_score": value})
                    db.executemany(
                        "INSERT INTO metric_summaries (component_id, name, count, min, max, avg, std, last, last_step, last_timestamp, m2) "
                        "VALUES (?, ?, 1, ?, ?, ?, 0, ?, NULL, ?, 0)",
                        [(component_id, name, v, v, v, v, created + 1) for name, v in metrics.items()])
    print(f"wrote {args.components + 400} components in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
