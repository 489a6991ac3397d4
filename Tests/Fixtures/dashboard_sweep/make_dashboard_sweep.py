"""Reference figures for the dashboard's sweep page (web/js/pages/sweep.js, `Strata.sweep`).

Writes sweep_math.json: sweep records (as `Strata.sweep.sweepRecords` returns them) and, computed
here, what the page must show for them:

- parameter importance ε² = (k − 1)(F − 1) / ((k − 1) F + n − k), with F the one-way ANOVA
  statistic from scipy.stats.f_oneway over the parameter's groups (each value its own group, or
  equal-count bins — the rule documented in sweep.js; the records include a parameter whose ties
  leave a bin empty), and the uncorrected η² = SS_between / SS_total;
- the best feasible objective so far after each complete trial, for both directions.

Run: python3 Tests/Fixtures/dashboard_sweep/make_dashboard_sweep.py (scipy and numpy as pinned
in Tests/Fixtures/requirements.txt). The browser test loads the dashboard, evaluates
`Strata.sweep.importance(records)` and `Strata.sweep.bestSoFar(records, direction)` in the page
and compares them with these figures.
"""
import json
import math
import pathlib

import numpy as np
from scipy import stats

HERE = pathlib.Path(__file__).resolve().parent


def records():
    rng = np.random.default_rng(20261206)
    out = []
    for number in range(60):
        method = ["kmeans", "hdbscan", "dbscan"][int(rng.integers(0, 3))]
        assignment = {"steps.cluster.method": method,
                      "steps.reduce.min_dist": float(np.round(rng.uniform(0.0, 0.5), 6)),  # many values: binned
                      "steps.scale.log1p": "skewed",                                         # one value: 0
                      # many values, half of them the lowest: the first equal-count bin is empty
                      "steps.reduce.n_neighbors": 5 if rng.uniform() < 0.5 else int(rng.integers(6, 60))}
        if method == "kmeans":
            assignment["steps.cluster.n_clusters"] = int(rng.integers(3, 13))              # conditional
        else:
            assignment["steps.cluster.min_samples"] = int(rng.integers(5, 9))              # conditional, few values
        effect = {"kmeans": 0.20, "hdbscan": 0.15, "dbscan": 0.05}[method]
        value = effect - 0.1 * (assignment["steps.reduce.min_dist"] - 0.25) ** 2 + float(rng.normal(0, 0.02))
        value += 0.001 * assignment["steps.reduce.n_neighbors"]
        if method == "kmeans":
            value += 0.004 * (assignment["steps.cluster.n_clusters"] - 8)
        state = "complete"
        if number % 11 == 5:
            state = "infeasible"   # has a value; never counted
        elif number % 13 == 7:
            state, value = "failed", None
        elif number == 59:
            state, value = "running", None
        out.append({"trial": f"sweep-{number:04d}", "number": number, "state": state,
                    "value": None if value is None else round(value, 12), "assignment": assignment})
    return out


def groups(values, max_groups):
    numeric = all(isinstance(v, (int, float)) for v in values)
    distinct = list(dict.fromkeys(values if numeric else [str(v) for v in values]))
    if not numeric or len(distinct) <= max_groups:
        index = {v: i for i, v in enumerate(distinct)}
        return [index[v if numeric else str(v)] for v in values]
    ordered = sorted(values)
    cuts = []
    for j in range(1, max_groups):
        c = ordered[(j * len(ordered)) // max_groups]
        if not cuts or c > cuts[-1]:
            cuts.append(c)
    bins = [sum(1 for c in cuts if v >= c) for v in values]
    used = sorted(set(bins))
    return [used.index(b) for b in bins]


def importance(recs):
    feasible = [r for r in recs if r["state"] == "complete" and r["value"] is not None]
    names = sorted({k for r in feasible for k in r["assignment"]})
    out = {}
    for name in names:
        rows = [r for r in feasible if name in r["assignment"]]
        n = len(rows)
        k0 = min(10, max(2, math.isqrt(n)))
        g = groups([r["assignment"][name] for r in rows], k0)
        y = np.array([r["value"] for r in rows])
        labels = sorted(set(g))
        k = len(labels)
        if k < 2:
            out[name] = {"value": 0.0, "trials": n, "groups": k}
            continue
        f, _ = stats.f_oneway(*[y[np.array(g) == label] for label in labels])
        epsilon2 = max(0.0, (k - 1) * (f - 1) / ((k - 1) * f + n - k))
        total = float(((y - y.mean()) ** 2).sum())
        between = sum(float((np.array(g) == label).sum()) * (y[np.array(g) == label].mean() - y.mean()) ** 2 for label in labels)
        out[name] = {"value": epsilon2, "eta2": between / total, "trials": n, "groups": k}
    return out


def best_so_far(recs, direction):
    out, best = [], None
    for r in sorted(recs, key=lambda r: r["number"]):
        if r["state"] != "complete" or r["value"] is None:
            continue
        if best is None or (r["value"] > best if direction == "maximize" else r["value"] < best):
            best = r["value"]
        out.append([r["number"], best])
    return out


def main():
    recs = records()
    data = {"records": recs, "importance": importance(recs),
            "bestSoFar": {d: best_so_far(recs, d) for d in ("maximize", "minimize")},
            "versions": {"numpy": np.__version__, "scipy": __import__("scipy").__version__}}
    (HERE / "sweep_math.json").write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
