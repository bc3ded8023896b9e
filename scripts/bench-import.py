#!/usr/bin/env python3
"""Benchmark: how fast `polar-server customers import` moves Polar's customer export in.

Builds `polar-server` in release mode, writes an export-shaped CSV of `--rows` customers
(default 1,000,000; every column the export has, a tenth with an address and metadata),
imports it into a fresh SQLite database (or the empty `--database` given), and prints the
rows per second of the whole command (both passes: every row checked, then written), then
runs it again to time the re-run that finds every row already there.

    python3 scripts/bench-import.py [--rows 1000000] [--database URL] [--configuration release]
"""

import argparse
import os
import subprocess
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = (
    "ID,External ID,Created At,Email,Name,Tax ID,Billing Address Line 1,Billing Address Line 2,Billing Address City,"
    "Billing Address State,Billing Address Zip,Billing Address Country,Metadata\r\n"
)


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for i in range(rows):
            address = ',1 Main St,,Springfield,IL,62701,US,"{""plan"": ""pro""}"' if i % 10 == 0 else ",,,,,,,"
            out.write(f"{uuid.uuid4()},ext-{i},2025-01-02T03:04:05.{i % 1000000:06d}+00:00,user{i}@example.com,Customer {i},{address}\r\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database")
    parser.add_argument("--configuration", default="release")
    args = parser.parse_args()
    scratch = os.path.join(ROOT, ".build-release")
    subprocess.run(
        ["swift", "build", "-c", args.configuration, "--scratch-path", scratch, "--product", "polar-server"], cwd=ROOT, check=True
    )
    binary = os.path.join(scratch, args.configuration, "polar-server")
    with tempfile.TemporaryDirectory() as work:
        database = args.database or f"sqlite://{work}/bench.sqlite"
        csv = os.path.join(work, "customers.csv")
        write_csv(csv, args.rows)
        subprocess.run([binary, "organization", "create", "bench", "--database", database], check=True, capture_output=True)
        for label in ["import", "re-run"]:
            started = time.perf_counter()
            result = subprocess.run(
                [binary, "customers", "import", "--organization", "bench", csv, "--database", database],
                check=True, capture_output=True, text=True,
            )
            seconds = time.perf_counter() - started
            print(f"{label}: {args.rows} rows in {seconds:.2f} s = {args.rows / seconds:,.0f} rows/s ({result.stdout.strip()})")


if __name__ == "__main__":
    main()
