"""Exports subscriptions as CSV with Polar's own SDK.

Usage: export_subscriptions.py BASE_URL TOKEN

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with the CSV's rows; exits non-zero if the call fails.
"""

import csv
import io
import sys

from sdk_generation import connect, report


def main() -> int:
    base_url, token = sys.argv[1:3]
    text = connect(base_url, token).subscriptions.export()
    report(rows=list(csv.reader(io.StringIO(text))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
