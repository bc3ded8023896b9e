#!/usr/bin/env python3
"""Benchmark: the hot paths of issue #15, measured side by side in one run.

Builds `polar-server` and `polar-ceiling` (Hummingbird answering fixed bytes) in release mode,
imports `--rows` customers (Polar's export CSV) into a fresh SQLite database, and into a fresh
PostgreSQL database too when `--postgres URL` names a server it may create databases on, then
on each database measures:

- GET /v1/customers/{id} and GET /v1/customers/external/{id}/state (a subscription, two
  benefits, a meter) with wrk, each beside the ceiling answering the same bytes;
- POST /v1/customers/ with wrk (every request a new customer);
- GET /v1/customers/?query= for a rare and a common term, and with no filter: p50 and p99;
- GET /v1/customers/export of every row: rows a second and the server's peak RSS;
- the import itself: rows a second.

Prints one table with each figure, its goal and the ratio. Run it through scripts/bench.sh.
"""

import argparse
import http.client
import importlib.util
import json
import os
import re
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = os.path.join(ROOT, ".build-release")

POST_SCRIPT = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) nonce = args[1]; token = args[2]; counter = 0 end
function request()
  counter = counter + 1
  local body = string.format('{"email":"bench-%s-%d-%d@example.com"}', nonce, tid, counter)
  return wrk.format("POST", "/v1/customers/", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build():
    for product in ("polar-server", "polar-ceiling"):
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--product", product], cwd=ROOT, check=True)
    return os.path.join(SCRATCH, "release", "polar-server"), os.path.join(SCRATCH, "release", "polar-ceiling")


class API:
    def __init__(self, port, token):
        self.port, self.token = port, token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method, path, body=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return data

    def json(self, method, path, body=None):
        return json.loads(self.call(method, path, body) or b"null")


def wrk(url, seconds, connections, headers=(), script=None, script_args=()):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if failed:
        raise RuntimeError(f"{url}: {failed.group(1)} failed requests\n{output}")
    return rate


def latencies(api, path, rounds):
    for _ in range(3):
        api.call("GET", path)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        api.call("GET", path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def peak_rss_during(pid, work):
    """Runs `work()`, sampling the process's resident memory; answers its result and the peak in MB."""
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            with open(f"/proc/{pid}/status") as status:
                kb = int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
            peak[0] = max(peak[0], kb)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = work()
    finally:
        done.set()
        sampler.join()
    return result, peak[0] / 1024


def export_rows(port, token):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", "/v1/customers/export", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    lines = 0
    while chunk := response.read(1 << 20):
        lines += chunk.count(b"\n")
    return lines - 1


def state_fixture(api):
    """A customer with a subscription to a product with two benefits and a metered price."""
    tag = uuid.uuid4().hex[:8]
    meter = api.json("POST", "/v1/meters/", {
        "name": f"calls-{tag}", "aggregation": {"func": "count"},
        "filter": {"conjunction": "and", "clauses": [{"property": "name", "operator": "eq", "value": f"call-{tag}"}]},
    })
    benefits = [api.json("POST", "/v1/benefits/", {"type": "feature_flag", "description": f"{name} {tag}", "properties": {}})["id"]
                for name in ("Pro", "Support")]
    product = api.json("POST", "/v1/products/", {
        "name": f"Pro {tag}", "recurring_interval": "month",
        "prices": [{"amount_type": "fixed", "price_amount": 0}, {"amount_type": "metered_unit", "meter_id": meter["id"], "unit_amount": 2}],
    })
    api.json("POST", f"/v1/products/{product['id']}/benefits", {"benefits": benefits})
    external = f"state-{tag}"
    customer = api.json("POST", "/v1/customers/", {"email": f"state-{tag}@example.com", "external_id": external})
    api.json("POST", "/v1/subscriptions/", {"customer_id": customer["id"], "product_id": product["id"]})
    api.json("POST", "/v1/events/ingest", {"events": [{"name": f"call-{tag}", "customer_id": customer["id"]} for _ in range(10)]})
    deadline = time.monotonic() + 30
    while len(api.json("GET", f"/v1/customers/external/{external}/state")["granted_benefits"]) < 2:
        if time.monotonic() > deadline:
            raise RuntimeError("the fixture's benefits were never granted")
        time.sleep(0.1)
    return customer["id"], external


def measure(label, server, ceiling, database, csv, rows, seconds, connections):
    results = {}
    subprocess.run([server, "organization", "create", "bench", "--database", database], check=True, capture_output=True)
    token = subprocess.run(
        [server, "token", "create", "--organization", "bench", "--database", database], check=True, capture_output=True, text=True
    ).stdout.strip().split()[-1]
    started = time.perf_counter()
    subprocess.run([server, "customers", "import", "--organization", "bench", csv, "--database", database], check=True, capture_output=True)
    results["import"] = rows / (time.perf_counter() - started)

    port = free_port()
    process = subprocess.Popen([server, "serve", "--port", str(port), "--database", database, "--log-level", "error"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ceiling_process = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        api = API(port, token)
        base = f"http://127.0.0.1:{port}"
        auth = f"Authorization: Bearer {token}"
        customer_id, external = state_fixture(api)
        sample = api.json("GET", "/v1/customers/?limit=1&sorting=created_at")["items"][0]["id"]

        with tempfile.TemporaryDirectory() as work:
            customer_body, state_body = os.path.join(work, "customer.json"), os.path.join(work, "state.json")
            with open(customer_body, "wb") as out:
                out.write(api.call("GET", f"/v1/customers/{sample}"))
            with open(state_body, "wb") as out:
                out.write(api.call("GET", f"/v1/customers/external/{external}/state"))
            ceiling_port = free_port()
            ceiling_process = subprocess.Popen([ceiling, str(ceiling_port), customer_body, state_body],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
            results["get"] = wrk(f"{base}/v1/customers/{sample}", seconds, connections, [auth])
            results["get_ceiling"] = wrk(f"http://127.0.0.1:{ceiling_port}/customer", seconds, connections)
            results["state"] = wrk(f"{base}/v1/customers/external/{external}/state", seconds, connections, [auth])
            results["state_ceiling"] = wrk(f"http://127.0.0.1:{ceiling_port}/state", seconds, connections)
            script = os.path.join(work, "post.lua")
            with open(script, "w") as out:
                out.write(POST_SCRIPT)
            results["create"] = wrk(f"{base}/v1/customers/", seconds, connections, script=script,
                                    script_args=[uuid.uuid4().hex[:8], token])

        for name, query in (("query_rare", "user123456@"), ("query_common", "9@example")):
            results[name] = latencies(api, "/v1/customers/?" + urllib.parse.urlencode({"query": query}), 30)
        results["list"] = latencies(api, "/v1/customers/", 30)
        started = time.perf_counter()
        exported, peak = peak_rss_during(process.pid, lambda: export_rows(port, token))
        results["export"] = (exported / (time.perf_counter() - started), peak)
    finally:
        for running in (process, ceiling_process):
            if running:
                running.terminate()
                running.wait()
    return results


def report(label, r):
    ratio = lambda a, b: f"{a / b:.2f}"
    rows = [
        ("GET /v1/customers/{id}", f"{r['get']:,.0f} req/s", f"ceiling {r['get_ceiling']:,.0f}: {ratio(r['get'], r['get_ceiling'])}", "0.6 × ceiling"),
        ("GET …/external/{id}/state", f"{r['state']:,.0f} req/s", f"ceiling {r['state_ceiling']:,.0f}: {ratio(r['state'], r['state_ceiling'])}", "0.5 × ceiling"),
        ("POST /v1/customers/", f"{r['create']:,.0f} /s", "", "5,000 (SQLite) / 3,000 (PostgreSQL)"),
        ("list ?query= rare term", f"p50 {r['query_rare'][0]:.1f} ms, p99 {r['query_rare'][1]:.1f} ms", "", "p99 < 25 ms"),
        ("list ?query= common term", f"p50 {r['query_common'][0]:.1f} ms, p99 {r['query_common'][1]:.1f} ms", "", "p99 < 25 ms"),
        ("list, no filter (total_count)", f"p50 {r['list'][0]:.1f} ms, p99 {r['list'][1]:.1f} ms", "", "< 5 ms"),
        ("export", f"{r['export'][0]:,.0f} rows/s, peak RSS {r['export'][1]:.0f} MB", "", "300,000 rows/s, < 64 MB"),
        ("customers import", f"{r['import']:,.0f} rows/s", "", "100,000 rows/s"),
    ]
    print(f"\n### {label}\n")
    print("| path | measured | ratio | goal |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run's length")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    server, ceiling = build()
    spec = importlib.util.spec_from_file_location("bench_import", os.path.join(ROOT, "scripts", "bench-import.py"))
    bench_import = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_import)
    with tempfile.TemporaryDirectory() as work:
        csv = os.path.join(work, "customers.csv")
        bench_import.write_csv(csv, args.rows)
        print(f"{args.rows:,} customers; wrk: 2 threads, {args.connections} connections, {args.seconds} s; {os.cpu_count()} cores")
        report("SQLite", measure("SQLite", server, ceiling, f"sqlite://{work}/bench.sqlite", csv, args.rows, args.seconds, args.connections))
        if args.postgres:
            name = f"polar_bench_{os.getpid()}"
            subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {name}"], check=True)
            parts = urllib.parse.urlsplit(args.postgres)
            database = urllib.parse.urlunsplit(parts._replace(path="/" + name))
            try:
                report("PostgreSQL", measure("PostgreSQL", server, ceiling, database, csv, args.rows, args.seconds, args.connections))
            finally:
                subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)


if __name__ == "__main__":
    main()
