"""Reference values for StrataTrackingTests: SHA-256 digests from hashlib and metric summaries
from NumPy (population std, ddof=0). Deterministic: `python3 make_tracking.py` rewrites
tracking.json byte for byte."""
import hashlib
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def pattern(length):
    # Bytes 0..250 repeating: crosses every SHA-256 padding boundary without shipping binaries.
    return bytes(i % 251 for i in range(length))


def main():
    digests = [{"length": n, "sha256": hashlib.sha256(pattern(n)).hexdigest()}
               for n in [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65_537, 1_048_577]]
    rng = np.random.default_rng(20241129)
    series = []
    for name, values in [
        ("small", rng.normal(0.4, 0.05, size=7)),
        ("offset", rng.normal(1e6, 1.0, size=5_000)),      # large mean: naive sum of squares would lose digits
        ("heavy", rng.standard_cauchy(size=2_000)),
    ]:
        values = [float(v) for v in values]
        array = np.asarray(values)
        series.append({
            "name": name, "values": values, "count": len(values), "min": float(array.min()),
            "max": float(array.max()), "avg": float(array.mean()), "std": float(array.std(ddof=0)),
            "last": values[-1],
        })
    with open(os.path.join(HERE, "tracking.json"), "w") as out:
        json.dump({"numpy": np.__version__, "digests": digests, "series": series}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
