#!/usr/bin/env bash
# Benchmarks the hot paths (issue #15) on release builds, side by side with a Hummingbird
# ceiling in one run, on SQLite and, with --postgres URL, on PostgreSQL. Needs wrk (Debian's
# package). See scripts/bench.py for what is measured.
#
#     scripts/bench.sh [--rows 1000000] [--postgres postgres://user@host:port/db] [--seconds 10]
set -euo pipefail
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
exec python3 "$(dirname "$0")/bench.py" "$@"
