"""Updates and archives a meter with Polar's own SDK.

Usage: update_meter.py BASE_URL TOKEN METER_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, report


def main() -> int:
    base_url, token, meter_id = sys.argv[1:4]
    polar = connect(base_url, token)
    if GENERATION == "1.x":
        renamed = polar.meters.update(meter_id, name="Calls", metadata={"team": "ml"})
        archived = polar.meters.update(meter_id, is_archived=True)
        listed = polar.meters.list(is_archived=True).items
    else:
        renamed = polar.meters.update(id=meter_id, meter_update={"name": "Calls", "metadata": {"team": "ml"}})
        archived = polar.meters.update(id=meter_id, meter_update={"is_archived": True})
        listed = polar.meters.list(is_archived=True).result.items
    report(
        renamed=[renamed.name, renamed.metadata["team"]],
        archived=archived.archived_at is not None,
        listed_archived=[m.name for m in listed],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
