#!/usr/bin/env python3
"""What a 20-point eps × min_samples grid over one UMAP costs, against one run of the pipeline.

    swift build -c release --product strata
    python3 Benchmarks/bench_step_cache.py [--rows 50000] [--workers 1,2]

Generates customers (`strata generate customers --rows 50000 --seed 7`), writes a pipeline
(scale standard + log1p skewed, reduce umap n_components 3 min_dist 0 seed 42, cluster dbscan, the
documented default `score:` list) and, in a fresh store and step cache ($STRATA_CACHE_DIR) each
time:

1. times one `strata run` on a cold cache (the UMAP is computed);
2. times `strata sweep --sampler grid` over 4 eps × 5 min_samples choices on a cold cache, once per
   worker count (default 1 and 2): UMAP is computed once, the 20 DBSCAN attempts reuse it.

It prints both times (wall clock, and the CPU time of the processes: on a busy machine the wall
clock measures the neighbours too) and their ratio (the target is ≤ 1.5 on wall clock), how many
attempts computed the UMAP, and the per-stage `seconds` recorded
on the components of one run and of the grid's attempts (load, reduce with cache hit or not,
cluster + scoring), read back from the store with `strata components`. Nothing is asserted.
"""
import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STRATA = os.path.join(HERE, "..", ".build", "release", "strata")

EPS = [0.05, 0.08, 0.12, 0.2]
MIN_SAMPLES = [5, 10, 15, 20, 30]

PIPELINE = """name: cache-bench
data:
  path: customers.csv
steps:
  - scale: {{method: standard, log1p: skewed}}
  - reduce: {{method: umap, n_components: 3, min_dist: 0.0, seed: 42}}
  - cluster: {{method: dbscan, eps: {eps}, min_samples: {min_samples}}}
score: [silhouette, davies_bouldin, calinski_harabasz, dbcv]
search_space:
  steps.cluster.eps: {{choice: {eps_choices}}}
  steps.cluster.min_samples: {{choice: {min_samples_choices}}}
"""


def cpu_seconds():
    """User + system time of every finished child process (a sweep's workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def strata(args, env, cwd):
    """Runs strata; returns (wall seconds, CPU seconds, stdout)."""
    cpu, start = cpu_seconds(), time.perf_counter()
    done = subprocess.run([STRATA] + args, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"strata {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, cpu_seconds() - cpu, done.stdout


def reduce_misses(store_path):
    """Attempts whose reduce step computed the embedding (cache_hit false)."""
    db = sqlite3.connect(store_path)
    return db.execute("select count(*) from parameters p join trial_components c on c.id = p.component_id "
                      "where c.name like '%-reduce' and p.name = 'cache_hit' and p.string_value = 'false'").fetchone()[0]


def fresh(work, name):
    """A fresh store URL and cache directory for one measurement."""
    root = os.path.join(work, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    env = dict(os.environ, STRATA_CACHE_DIR=os.path.join(root, "cache"), STRATA_STORE=f"sqlite:{os.path.join(root, 'store.sqlite')}")
    return env, os.path.join(root, "store.sqlite")


def stage_seconds(store_path):
    """Per stage, the seconds of every attempt: `load_seconds` and each component's `seconds` as
    recorded, `score_seconds` where recorded, and `record` — from the first component's start to
    the last one's end (components are written after the computation)."""
    db = sqlite3.connect(store_path)
    stages = {}
    rows = db.execute("select c.name, m.name, m.last from metric_summaries m join trial_components c on c.id = m.component_id "
                      "where m.name in ('seconds', 'load_seconds', 'score_seconds')").fetchall()
    for component, metric, value in rows:
        key = {"load_seconds": "load", "score_seconds": "score"}.get(metric, component.rsplit("-", 1)[-1])
        stages.setdefault(key, []).append(value)
    trials = {}
    for component, start, end in db.execute("select name, start_time, end_time from trial_components where end_time is not null"):
        trial = component.rsplit("-", 1)[0]
        low, high = trials.get(trial, (start, end))
        trials[trial] = (min(low, start), max(high, end))
    stages["record"] = [high - low for low, high in trials.values()]
    return stages


def describe(stages):
    parts = []
    for key in ("load", "scale", "reduce", "cluster", "score", "record"):
        values = sorted(stages.get(key) or [])
        if not values:
            continue
        if len(values) == 1:
            parts.append(f"{key} {values[0]:.2f}")
        else:
            parts.append(f"{key} {values[len(values) // 2]:.2f} (max {values[-1]:.2f})")
    return ", ".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts for the grid")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--strata", default=STRATA, help="the strata executable (default: the release build)")
    args = parser.parse_args()
    globals()["STRATA"] = os.path.abspath(args.strata)
    if not os.path.exists(STRATA):
        sys.exit("build first: swift build -c release --product strata")

    work = tempfile.mkdtemp(prefix="strata-bench-cache-")
    try:
        env = dict(os.environ)
        strata(["generate", "customers", "--rows", str(args.rows), "--seed", "7", "--out", os.path.join(work, "customers.csv")], env, work)
        with open(os.path.join(work, "pipeline.yaml"), "w") as f:
            f.write(PIPELINE.format(eps=EPS[1], min_samples=MIN_SAMPLES[1], eps_choices=json.dumps(EPS),
                                    min_samples_choices=json.dumps(MIN_SAMPLES)))
        pipeline = os.path.join(work, "pipeline.yaml")
        print(f"{args.rows:,} customers; UMAP 3-D → DBSCAN; grid {len(EPS)} eps × {len(MIN_SAMPLES)} min_samples "
              f"= {len(EPS) * len(MIN_SAMPLES)} points; {os.cpu_count()} cores")

        env, store = fresh(work, "one")
        one, one_cpu, _ = strata(["run", pipeline, "--trial", "one"], env, work)
        print(f"one run (cold cache):               {one:7.2f} s wall, {one_cpu:7.2f} s CPU")
        print(f"    stages, s: {describe(stage_seconds(store))}")

        for workers in [int(w) for w in args.workers.split(",")]:
            env, store = fresh(work, f"grid{workers}")
            grid, grid_cpu, out = strata(["sweep", pipeline, "--sampler", "grid", "--trials", str(len(EPS) * len(MIN_SAMPLES)),
                                "--workers", str(workers), "--json"], env, work)
            json.loads(out)
            print(f"grid, {workers} worker(s), cold cache: {grid:7.2f} s wall, {grid_cpu:7.2f} s CPU   "
                  f"ratio {grid / one:4.2f} wall (target ≤ 1.5), {grid_cpu / one_cpu:4.2f} CPU   "
                  f"UMAP computed {reduce_misses(store)}×")
            attempts = len(EPS) * len(MIN_SAMPLES)
            print(f"    CPU per attempt beyond the one run: {(grid_cpu - one_cpu) / (attempts - 1):.3f} s")
            print(f"    per attempt, median (max) s: {describe(stage_seconds(store))}")
    finally:
        if args.keep:
            print(f"work directory: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
