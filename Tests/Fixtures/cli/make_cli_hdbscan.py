"""Reference labels for `strata cluster hdbscan --alpha/--max-cluster-size`, from the hdbscan
package (pinned in ../requirements.txt).

Run from the repository root:  python3 Tests/Fixtures/cli/make_cli_hdbscan.py
Writes hdbscan_nested.csv (id,x,y) and hdbscan_nested.json next to this script. The data are two
groups of two blobs each: by default excess of mass keeps one group whole (120 rows), so a
max_cluster_size of 80 must split it; alpha = 1.3 changes which rows are noise. alpha is
compared on the package's generic path, which divides the distance by alpha as Strata does.
min_samples = 1: with larger values, rows whose core distance exceeds their distance to two
blobs tie in mutual reachability, and the package's own algorithms (and row orders) then place
a border row differently; here every algorithm and row order gives the same labels.
"""
import json
import os
from importlib.metadata import version

import hdbscan
import numpy as np
from sklearn.datasets import make_blobs

assert version("hdbscan") == "0.8.44", version("hdbscan")
HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    ("default", dict(min_cluster_size=10, min_samples=1)),
    ("max_cluster_size", dict(min_cluster_size=10, min_samples=1, max_cluster_size=80)),
    ("alpha_max_cluster_size", dict(min_cluster_size=10, min_samples=1, alpha=1.3, max_cluster_size=80, algorithm="generic")),
]


def main():
    x, _ = make_blobs(n_samples=[60, 60, 60, 60], centers=[[0, 0], [2.5, 0], [20, 0], [22.5, 0]],
                      cluster_std=0.6, random_state=4)
    x = x.astype(np.float32).astype(np.float64)   # the values the CSV holds exactly
    with open(os.path.join(HERE, "hdbscan_nested.csv"), "w") as f:
        f.write("id,x,y\n")
        for i, row in enumerate(x.astype(np.float32)):
            f.write(f"p{i:03d}," + ",".join("%.9g" % v for v in row) + "\n")
    cases = []
    for name, kwargs in CASES:
        model = hdbscan.HDBSCAN(approx_min_span_tree=False, **kwargs).fit(x)
        cases.append({"name": name, "parameters": kwargs, "labels": model.labels_.tolist()})
        print(name, np.bincount(model.labels_ + 1).tolist())
    with open(os.path.join(HERE, "hdbscan_nested.json"), "w") as f:
        json.dump({"hdbscan": version("hdbscan"), "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
