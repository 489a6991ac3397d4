#!/usr/bin/env python3
"""Segment-profile reference from pandas (pinned in Tests/Fixtures/requirements.txt).

Writes data.csv (float32-exact values), labels.csv (id,label) and profile.json: per label
(noise -1 included) size, share, and per feature mean, median, ratio to the overall mean and
(segment mean - overall mean) / overall std (ddof=1), computed with pandas groupby.
"""
import json
import pathlib

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent


def main():
    rng = np.random.default_rng(3)
    n = 240
    labels = rng.choice([0, 1, 2, 4, -1], size=n, p=[0.35, 0.3, 0.15, 0.12, 0.08])
    base = np.array([[30, 2, 100], [200, 8, 40], [5, 1, 900], [90, 20, 300], [60, 5, 200]], dtype=float)
    spread = np.array([10, 1, 30])
    rows = base[np.where(labels == -1, 4, labels)] + rng.normal(size=(n, 3)) * spread
    rows = rows.astype(np.float32).astype(np.float64)
    df = pd.DataFrame(rows, columns=["recency_days", "orders", "monetary"])
    df.insert(0, "id", [f"C{i:04d}" for i in range(n)])
    df.to_csv(HERE / "data.csv", index=False, float_format="%.9g")
    pd.DataFrame({"id": df["id"], "label": labels}).to_csv(HERE / "labels.csv", index=False)
    features = ["recency_days", "orders", "monetary"]
    X = df[features]
    overall_mean, overall_std = X.mean(), X.std()
    g = X.groupby(labels)
    out = {"pandas": pd.__version__, "features": features, "overall_mean": overall_mean.tolist(),
           "overall_median": X.median().tolist(), "overall_std": overall_std.tolist(), "segments": []}
    for label, mean in g.mean().iterrows():
        out["segments"].append({
            "label": int(label), "size": int(g.size()[label]), "share": float(g.size()[label] / n),
            "mean": mean.tolist(), "median": g.median().loc[label].tolist(),
            "ratio": (mean / overall_mean).tolist(),
            "smd": ((mean - overall_mean) / overall_std).tolist()})
    (HERE / "profile.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
