"""Reads a meter's daily quantities with Polar's own SDK.

Usage: meter_quantities.py BASE_URL TOKEN METER_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys
from datetime import datetime, timezone

from sdk_generation import GENERATION, connect, report


def main() -> int:
    base_url, token, meter_id = sys.argv[1:4]
    polar = connect(base_url, token)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    end = datetime(2026, 1, 3, tzinfo=timezone.utc)
    if GENERATION == "1.x":
        read = polar.meters.quantities(meter_id, start_timestamp=start.isoformat(), end_timestamp=end.isoformat(), interval="day")
    else:
        read = polar.meters.quantities(id=meter_id, start_timestamp=start, end_timestamp=end, interval="day")
    report(quantities=[q.quantity for q in read.quantities], total=read.total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
