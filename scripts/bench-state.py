#!/usr/bin/env python3
"""Benchmark: does a customer's state cost the same with 100,000 events as with 100?

Builds `polar-server` in release mode, starts it on a fresh SQLite database (or the
`--database` given), gives one customer 100 events and another 100,000 on a `sum` meter,
then times GET /v1/customers/{id}/state for each, interleaved, and prints the medians and
their ratio. A ratio near 1 shows the state reads running totals, not the events.

    python3 scripts/bench-state.py [--database URL] [--rounds 200] [--configuration release]
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def call(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--configuration", choices=["release", "debug"], default="release")
    args = parser.parse_args()

    subprocess.run(["swift", "build", "-c", args.configuration, "--product", "polar-server"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, ".build", args.configuration, "polar-server")
    workdir = tempfile.mkdtemp(prefix="polar-bench-")
    database = args.database or f"sqlite://{workdir}/bench.sqlite"
    env = dict(os.environ, POLAR_DATABASE_URL=database)
    organization = subprocess.run(
        [binary, "organization", "create", f"bench-{os.getpid()}"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip().split()[-1]
    token = subprocess.run(
        [binary, "token", "create", "--organization", organization], env=env, check=True, capture_output=True, text=True
    ).stdout.strip().split()[-1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--log-level", "error"], env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/openapi.json")
                break
            except OSError:
                time.sleep(0.1)
        call(base, token, "POST", "/v1/meters/", {
            "name": "tokens",
            "filter": {"conjunction": "and", "clauses": [{"property": "name", "operator": "eq", "value": "llm"}]},
            "aggregation": {"func": "sum", "property": "tokens"},
        })
        small = call(base, token, "POST", "/v1/customers/", {"email": f"small-{os.getpid()}@example.com"})["id"]
        large = call(base, token, "POST", "/v1/customers/", {"email": f"large-{os.getpid()}@example.com"})["id"]
        for customer, count in ((small, 100), (large, 100_000)):
            for start in range(0, count, 1000):
                events = [{"name": "llm", "customer_id": customer, "metadata": {"tokens": i % 7}}
                          for i in range(start, min(start + 1000, count))]
                call(base, token, "POST", "/v1/events/ingest", {"events": events})

        timings = {small: [], large: []}
        for _ in range(args.rounds):
            for customer in (small, large):
                begin = time.perf_counter()
                call(base, token, "GET", f"/v1/customers/{customer}/state")
                timings[customer].append(time.perf_counter() - begin)
        small_ms = statistics.median(timings[small]) * 1000
        large_ms = statistics.median(timings[large]) * 1000
        print(f"state, 100 events:     {small_ms:.3f} ms (median of {args.rounds})")
        print(f"state, 100,000 events: {large_ms:.3f} ms (median of {args.rounds})")
        print(f"ratio: {large_ms / small_ms:.2f}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
