#!/usr/bin/env python3
"""Regenerates every reference fixture under Tests/Fixtures with the pinned reference libraries.

    pip install -r Tests/Fixtures/requirements.txt
    python3 Tests/Fixtures/make.py            # all areas
    python3 Tests/Fixtures/make.py kmeans     # one area

Each area has its own script, Tests/Fixtures/<area>/make_<area>.py, writing next to itself.
"""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main() -> int:
    wanted = set(sys.argv[1:])
    scripts = sorted(HERE.glob("*/make_*.py"))
    failed = []
    for script in scripts:
        area = script.parent.name
        if wanted and area not in wanted:
            continue
        print(f"== {area}: {script.relative_to(HERE)}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=script.parent).returncode != 0:
            failed.append(area)
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
