#!/usr/bin/env python3
"""Runs the search/leaderboard SQL compiled for PostgreSQL on a real PostgreSQL 15 server.

    swift build -c release --product bench-search
    python3 Benchmarks/search_check_postgres.py

Emits the compiled SQL (`bench-search --emit-sql`), starts a throw-away cluster on a loopback
port (as the `postgres` user, see MACHINE-NOTES), creates the store's tables (its v1 migration DDL), inserts a few rows,
and PREPAREs + EXECUTEs every PostgreSQL statement with its bindings; the SQLite statements run
on Python's sqlite3 with the same DDL. Prints one line per statement and exits 1 on any failure.
"""
import json, os, re, sqlite3, subprocess, sys, tempfile, textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = "Sources/StrataSQLite/SQLiteTrackingStore+Migrations.swift"

def store_ddl():
    """The store's own v1 DDL (`SQLiteTrackingStore.schemaVersion1`), read from its source."""
    match = re.search(r'static let schemaVersion1 = """\n(.*?)\n\s*"""', open(os.path.join(ROOT, MIGRATIONS)).read(), re.S)
    if match is None:
        sys.exit(f"search_check_postgres: no schemaVersion1 DDL found in {MIGRATIONS}")
    return textwrap.dedent(match.group(1))

ddl = store_ddl()
DATA = """
INSERT INTO experiments VALUES (1, 'e', NULL, NULL, NULL, 0, 0);
INSERT INTO trials VALUES (1, 't', 1, 'T', NULL, 1735689600, 0), (2, 'u', 1, NULL, NULL, 1735776000, 0);
INSERT INTO trial_components VALUES (1, 'c1', 'x one', 'Completed', NULL, NULL, NULL, NULL, 1735689600, 0),
  (2, 'c2', NULL, 'Failed', NULL, NULL, NULL, NULL, 1735776000, 0);
INSERT INTO trial_component_links VALUES (1, 1), (1, 2), (2, 2);
INSERT INTO parameters VALUES (1, 'k', 3, NULL), (2, 'k', NULL, 'a'), (1, 'b', 2, NULL);
INSERT INTO metric_summaries VALUES (1, 'a', 3, 0.1, 0.9, 0.5, 0.2, 0.7, 2, 1700000000, 0.12),
  (2, 'a', 2, 0.2, 0.4, 0.3, 0.1, 0.4, 1, 1700000001, 0.02), (1, 'silhouette', 1, 0.5, 0.5, 0.5, 0, 0.5, 0, 1700000000, 0);
INSERT INTO tags VALUES ('component', 1, 'owner', 'ana'), ('trial', 1, 'owner', 'bob'), ('component', 2, 'c', 'q');
"""

def literal(b):
    if b is None: return "NULL"
    kind, v = b
    if kind == "text": return "'" + v.replace("'", "''") + "'"
    return repr(v)

def main():
    out = tempfile.mkdtemp()
    jsonl = os.path.join(out, "sql.jsonl")
    subprocess.run([os.path.join(ROOT, ".build/release/bench-search"), "--emit-sql", jsonl], check=True)
    statements = [json.loads(l) for l in open(jsonl) if l.strip()]
    failures = 0

    lite = sqlite3.connect(":memory:"); lite.executescript(ddl + DATA)
    for s in statements:
        if not s["kind"].startswith("sqlite"): continue
        args = [None if b is None else b[1] for b in s["bindings"]]
        try:
            rows = lite.execute(s["sql"], args).fetchall(); print(f"ok   {len(rows)} rows  {s['kind']}")
        except Exception as e:
            failures += 1; print(f"FAIL {s['kind']}: {e}")

    pgbin = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    pgbin = f"/usr/lib/postgresql/{pgbin}/bin"
    data = tempfile.mkdtemp(); port = "55439"
    subprocess.run(["chown", "postgres:postgres", data], check=True)
    run = lambda *a: subprocess.run(["runuser", "-u", "postgres", "--", *a], check=True, capture_output=True)
    run(f"{pgbin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    run(f"{pgbin}/pg_ctl", "-D", data, "-l", f"{data}/server.log", "-w", "-t", "60",
        "-o", f"-p {port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off", "start")
    try:
        psql = ["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t"]
        subprocess.run(psql + ["-c", ddl + DATA], check=True, capture_output=True)
        for s in statements:
            if not s["kind"].startswith("postgresql"): continue
            args = ", ".join(literal(b) for b in s["bindings"])
            script = f"PREPARE q AS {s['sql']};\nEXECUTE q{'(' + args + ')' if args else ''};\n"
            r = subprocess.run(psql, input=script, text=True, capture_output=True)
            if r.returncode == 0:
                print(f"ok   {len([l for l in r.stdout.splitlines() if l])} rows  {s['kind']}")
            else:
                failures += 1; print(f"FAIL {s['kind']}: {r.stderr.strip()}")
    finally:
        run(f"{pgbin}/pg_ctl", "-D", data, "-m", "fast", "stop")
    print(f"{len(statements) - failures}/{len(statements)} statements ran")
    sys.exit(1 if failures else 0)

main()
