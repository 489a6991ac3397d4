"""Strata's UMAP on the duplicate-heavy customer fixture, next to umap-learn's stored figures.

    swift build -c release --product bench-transforms
    python3 Benchmarks/umap_duplicates_check.py [--knn] [path/to/bench-transforms]

Reads Tests/Fixtures/umap_duplicates (rfm.csv and umap-learn 0.5.12's trustworthiness@15 for
seeds 1-3, made by make_umap_duplicates.py), fits Strata's 2-D UMAP for the same seeds on the
standardized table and on its deduplicated rows, and prints sklearn's trustworthiness@15 (every
row) side by side with the means.
--knn: only the kNN graphs instead — Strata's NN-descent and pynndescent (umap-learn's) against
exact neighbours on the same table: recall by distance (ties count), rows whose list lacks the
row itself, rows whose count of zero-distance entries differs from the exact one.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.manifold import trustworthiness

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "Tests/Fixtures/umap_duplicates"


def write_matrix(path, x):
    with open(path, "wb") as f:
        f.write(np.array(x.shape, dtype=np.int64).tobytes())
        f.write(np.ascontiguousarray(x, dtype=np.float32).tobytes())


def read_matrix(path):
    raw = open(path, "rb").read()
    rows, cols = np.frombuffer(raw[:16], dtype=np.int64)
    return np.frombuffer(raw[16:], dtype=np.float32).reshape(rows, cols)


def standardized(raw):
    x = raw.astype(np.float64)
    return ((x - x.mean(0)) / x.std(0)).astype(np.float32)


def knn_stats(x, indices, exact_distances, with_self):
    """Recall by distance (a found neighbour counts when it is no farther than the exact k-th),
    rows whose list misses the row itself (or, without self, holds it), rows with a different
    number of zero distances than the exact list."""
    rows = np.arange(len(x))[:, None]
    found = np.linalg.norm(x[indices] - x[:, None, :], axis=2)
    recall = float(np.mean(found <= exact_distances[:, -1:] + 1e-6))
    has_self = np.any(indices == rows, axis=1)
    wrong_self = int(np.sum(~has_self if with_self else has_self))
    zero_mismatch = int(np.sum((found == 0).sum(1) != (exact_distances == 0).sum(1)))
    return f"recall@15 {recall:.4f}, self entry wrong in {wrong_self} rows, zero-distance counts differing in {zero_mismatch} rows"


def knn_report(binary, tables, tmp):
    """Strata's bench lists exclude the row itself (UMAP asks NN-descent to add it as entry 0);
    pynndescent's include it, as umap-learn uses them."""
    from pynndescent import NNDescent
    from sklearn.neighbors import NearestNeighbors
    for label, x, _ in tables:
        rows = np.arange(len(x))
        d16, i16 = NearestNeighbors(n_neighbors=16).fit(x).kneighbors(x)
        # Exact lists with self at 0, and without self (self removed, or the 16th dropped).
        with_self = np.column_stack([np.zeros(len(x)), np.sort(np.where(i16 == rows[:, None], np.inf, d16), axis=1)[:, :14]])
        without_self = np.sort(np.where(i16 == rows[:, None], np.inf, d16), axis=1)[:, :15]
        write_matrix(f"{tmp}/x.bin", x)
        subprocess.run([binary, "nndescent", f"{tmp}/x.bin", f"{tmp}/i.bin", "15", "1"], check=True, capture_output=True)
        raw = open(f"{tmp}/i.bin", "rb").read()
        ours = np.frombuffer(raw[16:], dtype=np.int32).reshape(len(x), 15)
        # umap-learn's own NN-descent settings (umap_.nearest_neighbors).
        trees = min(64, 5 + int(round(len(x) ** 0.5 / 20.0)))
        iters = max(5, int(round(np.log2(len(x)))))
        theirs, _ = NNDescent(x, n_neighbors=15, random_state=1, n_trees=trees, n_iters=iters,
                              max_candidates=60, low_memory=True).neighbor_graph
        print(f"{label}: Strata NN-descent (without self) {knn_stats(x, ours, without_self, False)}", flush=True)
        print(f"{label}: pynndescent (with self)         {knn_stats(x, theirs, with_self, True)}", flush=True)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    binary = args[0] if args else str(ROOT / ".build/release/bench-transforms")
    meta = json.load(open(FIXTURE / "umap_duplicates.json"))
    raw = np.loadtxt(FIXTURE / "rfm.csv", delimiter=",", skiprows=1)
    tables = [("with duplicates", standardized(raw), meta["umapTrustworthiness15"]),
              ("deduplicated", standardized(raw[meta["uniqueRows"]]), meta["umapTrustworthiness15Unique"])]
    with tempfile.TemporaryDirectory() as tmp:
        if "--knn" in sys.argv:
            knn_report(binary, tables, tmp)
            return
        for label, x, reference in tables:
            write_matrix(f"{tmp}/x.bin", x)
            ours, seconds = [], []
            for seed in meta["seeds"]:
                out = subprocess.run([binary, "umap", f"{tmp}/x.bin", f"{tmp}/e.bin", "2", str(seed)],
                                     check=True, capture_output=True, text=True).stdout
                seconds.append(json.loads(out)["seconds"])
                ours.append(trustworthiness(x, read_matrix(f"{tmp}/e.bin"), n_neighbors=15))
            print(f"{label} ({len(x)} rows): trustworthiness@15 Strata "
                  + " / ".join(f"{t:.4f}" for t in ours) + f" (mean {np.mean(ours):.4f}, {np.mean(seconds):.2f} s)"
                  + " vs umap-learn " + " / ".join(f"{t:.4f}" for t in reference)
                  + f" (mean {np.mean(reference):.4f}); diff {np.mean(ours) - np.mean(reference):+.4f}", flush=True)


if __name__ == "__main__":
    main()
