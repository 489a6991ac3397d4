"""Strata's UMAP on the duplicate-heavy customer fixture, next to umap-learn's stored figures.

    swift build -c release --product bench-transforms
    python3 Benchmarks/umap_duplicates_check.py [path/to/bench-transforms]

Reads Tests/Fixtures/umap_duplicates (rfm.csv and umap-learn 0.5.12's trustworthiness@15 for
seeds 1-3, made by make_umap_duplicates.py), fits Strata's 2-D UMAP for the same seeds on the
standardized table and on its deduplicated rows, and prints sklearn's trustworthiness@15 (every
row) side by side with the means.
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


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/release/bench-transforms")
    meta = json.load(open(FIXTURE / "umap_duplicates.json"))
    raw = np.loadtxt(FIXTURE / "rfm.csv", delimiter=",", skiprows=1)
    tables = [("with duplicates", standardized(raw), meta["umapTrustworthiness15"]),
              ("deduplicated", standardized(raw[meta["uniqueRows"]]), meta["umapTrustworthiness15Unique"])]
    with tempfile.TemporaryDirectory() as tmp:
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
