#!/usr/bin/python3
"""The data-lake round trips (issue 10): the queries `sharescope query` prints select,
on a real SQL engine, every event the scan would read; what the engine returns,
written the way it writes results, gives the same alerts, key for key, as scanning
the raw fixtures.

Athena and Security Lake: the generated SELECT must parse as Trino (sqlglot), is
transpiled to DuckDB's dialect and run by DuckDB (npm @duckdb/node-api) over tables
built from the fixtures with Athena's columns and types (lake_formats.py); its rows
go out as gzip JSON lines, as UNLOAD writes them, or as CSV. CloudTrail Lake and
Sentinel have no engine here: their rows are filtered by the event names read back
out of the generated query's text, so a name the query leaves out is missed here too.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import sqlglot

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lake_formats  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)
    return condition


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode not in (0, 3):
        raise SystemExit("command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr))
    return p


def scan(args, paths, mode):
    """Alerts by alertKey, without where they were read (file, offset, matched path)."""
    out = os.path.join(args.tmp, "scan.jsonl")
    p = run([args.sharescope, "scan", "--quiet", "--threads", "1", "--mode", mode, "--format", "jsonl", "--output", out] + paths)
    alerts = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            a.pop("source", None)
            a.pop("matchedPath", None)
            alerts[a["alertKey"]] = a
    return alerts, p.stderr


def query(args, *options):
    return run([args.sharescope, "query"] + list(options)).stdout


def inner_select(unload):
    check(unload.startswith("UNLOAD (\n") and "\n)\nTO '" in unload, "an UNLOAD wraps the SELECT:\n" + unload[:200])
    return unload[len("UNLOAD (\n"):unload.index("\n)\nTO '")]


def to_duckdb(select, what):
    try:
        sqlglot.parse_one(select, read="trino")
    except sqlglot.errors.ParseError as e:
        check(False, "%s: the SELECT does not parse as Trino: %s" % (what, e))
    # Trino's json_format(json) is JSON text; DuckDB has no such function (this sqlglot leaves
    # it as written): the same there is a cast of the JSON value to text.
    def json_format_as_text(node):
        if isinstance(node, sqlglot.exp.Anonymous) and node.name.lower() == "json_format" and len(node.expressions) == 1:
            return sqlglot.exp.Cast(this=node.expressions[0], to=sqlglot.exp.DataType.build("VARCHAR"))
        return node
    return sqlglot.parse_one(select, read="trino").transform(json_format_as_text).sql(dialect="duckdb")


def compare(what, got, expected):
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    check(not missing, "%s: %d alerts missing, e.g. %s" % (what, len(missing), missing[:3]))
    check(not extra, "%s: %d alerts not in the raw scan, e.g. %s" % (what, len(extra), extra[:3]))
    differing = [k for k in set(got) & set(expected) if got[k] != expected[k]]
    for k in differing[:3]:
        diff = {f: (got[k].get(f), expected[k].get(f)) for f in expected[k] if got[k].get(f) != expected[k].get(f)}
        check(False, "%s: alert %s differs (got, raw): %s" % (what, k, diff))
    print("%s: %d alerts, %d missing, %d extra, %d differing" % (what, len(got), len(missing), len(extra), len(differing)))


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def names_in_query(text, exact_re, prefix_re):
    """The event names a query's text selects: (exact lower-case names, lower-case prefixes)."""
    exact = re.search(exact_re, text, re.S)
    check(exact is not None, "the query lists its event names:\n" + text[:300])
    names = {n.lower() for n in re.findall(r"""['"]([^'"]*)['"]""", exact.group(1))} if exact else set()
    prefixes = {p.lower() for p in re.findall(prefix_re, text)}
    return names, prefixes


def selected(name, names, prefixes):
    n = (name or "").lower()
    return n in names or any(n.startswith(p) for p in prefixes)


def use_lists(text, always_re, cross_re):
    """The lists of events a query fetches as possible uses of a share: (always, when cross-account)."""
    lists = []
    for pattern in (always_re, cross_re):
        m = re.search(pattern, text, re.S)
        lists.append({n.lower() for n in re.findall(r"""['"]([^'"]*)['"]""", m.group(1))} if m else set())
    return lists


def kept_as_use(ev, always, cross):
    """What the queries' use test keeps (CloudTrail's signs of a call from outside)."""
    n = (ev.get("eventName") or "").lower()
    ident = ev.get("userIdentity") or {}
    shared = ev.get("sharedEventID") is not None and ident.get("type") != "AWSService"
    return n in always or (n in cross and (shared or ident.get("accountId") in ("anonymous", "ANONYMOUS_PRINCIPAL")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sharescope", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--node", default="node")
    ap.add_argument("--node-modules", required=True, help="the folder holding node_modules/@duckdb/node-api")
    args = ap.parse_args()
    for package in ("@duckdb/node-api", "@kusto/language-service-next"):
        if not os.path.isdir(os.path.join(args.node_modules, "node_modules", package)):
            raise SystemExit("%s is not installed in %s (./dev test installs it)" % (package, args.node_modules))
    args.tmp = tempfile.mkdtemp(prefix="sharescope-lake-")
    try:
        roundtrips(args)
    finally:
        shutil.rmtree(args.tmp, ignore_errors=True)
    if failures:
        print("%d checks failed" % len(failures))
        return 1
    print("all round trips agree")
    return 0


def roundtrips(args):
    files, events = lake_formats.load_events(args.data)
    tmp = args.tmp
    athena_rows = os.path.join(tmp, "athena.jsonl")
    ocsf_rows = os.path.join(tmp, "ocsf.jsonl")
    write_jsonl(athena_rows, [lake_formats.to_athena_row(e) for e in events])
    write_jsonl(ocsf_rows, [lake_formats.to_ocsf(e) for e in events])
    recipient = {e.get("eventID"): e.get("recipientAccountId") for e in events}

    jobs, expected = [], {}
    for mode in ("extended", "sentinel"):
        raw, _ = scan(args, files, mode)
        check(len(raw) > (100 if mode == "extended" else 10), "%s: the raw fixtures raise alerts (%d)" % (mode, len(raw)))
        expected[mode] = raw
        # The whole time range, the busiest day of it, and one account.
        days = [(a["eventTime"] or "")[:10] for a in raw.values()]
        day = max(set(days), key=days.count)
        variants = {
            "all": ([], raw),
            "day": (["--from", day, "--to", day], {k: a for k, a in raw.items() if (a["eventTime"] or "").startswith(day)}),
            "account": (["--accounts", "111122223333"],
                        {k: a for k, a in raw.items() if recipient.get(a["eventID"]) == "111122223333"}),
        }
        for variant, (opts, want) in variants.items():
            check(variant == "all" or 0 < len(want) < len(raw), "%s/%s: the variant keeps some alerts, not all" % (mode, variant))
            # The account variant runs as over a table with projected account and region partitions.
            pruning = ["--partitioned-by", "account,region"] if variant == "account" else []
            sql = query(args, "--engine", "athena", "--table", "lake.cloudtrail_logs", "--mode", mode,
                        "--output", "s3://results-bucket/sharescope/", *opts, *pruning)
            out = os.path.join(tmp, "athena-%s-%s.json.gz" % (mode, variant))
            jobs.append({"schema": "lake", "table": "cloudtrail_logs", "columns": lake_formats.ATHENA_COLUMNS,
                         "rows": athena_rows, "select": to_duckdb(inner_select(sql), "athena"), "out": out,
                         "mode": mode, "variant": variant, "want": want, "engine": "athena"})
            sql = query(args, "--engine", "security-lake", "--table", "lake.sl_cloud_trail_mgmt_2_0", "--mode", mode, *opts)
            out = os.path.join(tmp, "ocsf-%s-%s.json.gz" % (mode, variant))
            jobs.append({"schema": "lake", "table": "sl_cloud_trail_mgmt_2_0", "columns": lake_formats.OCSF_COLUMNS,
                         "rows": ocsf_rows, "select": to_duckdb(inner_select(sql), "security-lake"), "out": out,
                         "mode": mode, "variant": variant, "want": want, "engine": "security-lake"})
        # Athena's CSV results of the SELECT alone.
        sql = query(args, "--engine", "athena", "--table", "lake.cloudtrail_logs", "--mode", mode, "--select")
        jobs.append({"schema": "lake", "table": "cloudtrail_logs", "columns": lake_formats.ATHENA_COLUMNS,
                     "rows": athena_rows, "select": to_duckdb(sql, "athena --select"),
                     "out": os.path.join(tmp, "athena-%s.csv" % mode), "csv": True,
                     "mode": mode, "variant": "csv", "want": raw, "engine": "athena"})

    # DuckDB runs every job in one process; the script must sit beside node_modules to import it.
    runner = os.path.join(args.node_modules, "sharescope_duckdb_run.mjs")
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "duckdb_run.mjs"), runner)
    job_file = os.path.join(tmp, "jobs.json")
    with open(job_file, "w") as f:
        json.dump([{k: j[k] for k in ("schema", "table", "columns", "rows", "select", "out")} | {"csv": j.get("csv", False)}
                   for j in jobs], f)
    p = run([args.node, runner, job_file])
    counts = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    check(len(counts) == len(jobs), "DuckDB ran every query (%d of %d)" % (len(counts), len(jobs)))
    for job, count in zip(jobs, counts):
        what = "%s %s/%s" % (job["engine"], job["mode"], job["variant"])
        check(count["selected"] < count["total"], "%s: the query leaves ordinary events out (%d of %d kept)"
              % (what, count["selected"], count["total"]))
        got, _ = scan(args, [job["out"]], job["mode"])
        want = job["want"]
        if job["variant"] in ("day", "account"):
            # Revocations outside the selection are not seen: compare the keys.
            compare(what, {k: {} for k in got}, {k: {} for k in want})
        else:
            compare(what, got, want)

    # Sentinel: the rows of AWSCloudTrail its KQL keeps, exported as JSON.
    for mode in ("extended", "sentinel"):
        kql = query(args, "--engine", "sentinel", "--mode", mode)
        names, prefixes = names_in_query(kql, r"EventName in~ \((.*?)\)\n", r'EventName startswith "([^"]*)"')
        always, cross = use_lists(kql, r"\n    or EventName in~ \((.*?)\)\n", r"\n    or \(EventName in~ \((.*?)\)\n")
        check(mode == "sentinel" or (always and cross), "sentinel extended: the KQL fetches the uses of shares")
        rows = [lake_formats.to_sentinel_row(e) for e in events
                if selected(e.get("eventName"), names, prefixes) or (mode == "extended" and kept_as_use(e, always, cross))]
        check(len(rows) < len(events), "sentinel %s: the KQL leaves ordinary events out" % mode)
        path = os.path.join(tmp, "sentinel-%s.json" % mode)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False)
        got, _ = scan(args, [path], mode)
        compare("sentinel %s" % mode, got, expected[mode])

    kql_semantics(args, events)

    # CloudTrail Lake: the rows its SELECT keeps, as get-query-results prints them, for the
    # events its map columns keep whole (lake_formats.lossless_in_map; the README says what is lost).
    lossless = [e for e in events if lake_formats.lossless_in_map(e)]
    lossless_ids = {e.get("eventID") for e in lossless}
    check(len(lossless) > len(events) // 2, "most fixtures survive CloudTrail Lake's maps (%d of %d)" % (len(lossless), len(events)))
    for mode in ("extended", "sentinel"):
        sql = query(args, "--engine", "cloudtrail-lake", "--table", "eds-roundtrip", "--mode", mode)
        to_duckdb(sql.replace("FROM eds-roundtrip", "FROM eds_roundtrip"), "cloudtrail-lake")  # a bare id is not Trino
        names, prefixes = names_in_query(sql, r"IN \((.*?)\)", r"LIKE '([^'%]*)%'")
        always, cross = use_lists(sql, r"\n    OR lower\(eventname\) IN \((.*?)\)\n", r"\n    OR \(lower\(eventname\) IN \((.*?)\)\n")
        check(mode == "sentinel" or (always and cross), "cloudtrail-lake extended: the SELECT fetches the uses of shares")
        rows = [lake_formats.to_cloudtrail_lake_row(e) for e in lossless
                if selected(e.get("eventName"), names, prefixes) or (mode == "extended" and kept_as_use(e, always, cross))]
        path = os.path.join(tmp, "cloudtrail-lake-%s.json" % mode)
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"QueryStatus": "FINISHED", "QueryStatistics": {"ResultsCount": len(rows)}, "QueryResultRows": rows}, f)
        got, _ = scan(args, [path], mode)
        want = {k: a for k, a in expected[mode].items() if a["eventID"] in lossless_ids}
        # Revocations by events left out are not seen: compare revokedAt only where both saw them.
        for a in list(got.values()) + list(want.values()):
            a.pop("revokedAt", None)
        compare("cloudtrail-lake %s" % mode, got, want)


def kql_semantics(args, events):
    """Every KQL ShareScope writes parses and type-checks in Microsoft's Kusto.Language
    against AWSCloudTrail's columns (those of the project's Sentinel export fixture)."""
    with open(os.path.join(args.data, "rule0236", "sentinel_export.json"), encoding="utf-8") as f:
        export = json.load(f)
    columns = {name: "datetime" if name == "TimeGenerated" else "string" for name in export[0]}
    columns_file = os.path.join(args.tmp, "awscloudtrail-columns.json")
    with open(columns_file, "w") as f:
        json.dump(columns, f)
    trusted = os.path.join(args.tmp, "trusted.txt")
    with open(trusted, "w") as f:
        f.write('111122223333\n# a comment\nquote"and\\backslash\n')
    queries = {
        "candidates": ["--engine", "sentinel"],
        "candidates, rule 0236 only, bounded": ["--engine", "sentinel", "--mode", "sentinel", "--from", "2024-01-01",
                                                 "--to", "2024-12-31", "--accounts", "111122223333", "--regions", "us-east-1"],
        "rule 0236 with a watchlist": ["--engine", "sentinel", "--rule0236", "--watchlist", "TrustedAWSAccounts"],
        "rule 0236 with the allow-list inline": ["--rule0236", "--trusted", trusted, "--from", "2024-06-01"],
    }
    files = {}
    for name, opts in queries.items():
        path = os.path.join(args.tmp, "q%d.kql" % len(files))
        with open(path, "w") as f:
            f.write(query(args, *opts))
        files[path] = name
    # A control: the checker must see a wrong column, or it proves nothing.
    control = os.path.join(args.tmp, "control.kql")
    with open(control, "w") as f:
        f.write("AWSCloudTrail | where EventNameX == 'x'")
    runner = os.path.join(args.node_modules, "sharescope_kql_check.cjs")
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "kql_check.cjs"), runner)
    p = run([args.node, runner, columns_file] + list(files) + [control])
    results = {r["file"]: r["diagnostics"] for r in map(json.loads, p.stdout.splitlines())}
    check(len(results.get(control, [])) > 0, "Kusto.Language reports a column AWSCloudTrail does not have")
    for path, name in files.items():
        check(path in results and not results[path], "KQL %s: %s" % (name, results.get(path)))
        print("KQL %s: %d diagnostics" % (name, len(results.get(path, [None]))))


if __name__ == "__main__":
    sys.exit(main())
