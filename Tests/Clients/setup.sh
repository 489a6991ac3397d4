#!/usr/bin/env bash
# Creates .venv-clients at the repository root with the pinned client libraries the server tests
# drive (mlflow, smexperiments + boto3, schemathesis) and selenium for the dashboard's browser tests.
# Re-running is cheap: pip skips what is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-clients"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$root/Tests/Clients/requirements.txt"
