"""Reads customer meters with Polar's own SDK, as an app and a customer portal would.

Usage: read_customer_meters.py BASE_URL TOKEN CUSTOMER_SESSION_TOKEN CUSTOMER_ID

Runs with whichever polar-sdk is installed: 1.x (`polar.v2026_10`) or 0.32 (`polar_sdk`).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import json
import sys

try:
    from polar.v2026_10 import Polar

    generation = "1.x"
except ImportError:
    from polar_sdk import Polar

    generation = "0.32"


def units(meter):
    return [meter.meter.name, meter.consumed_units, meter.credited_units, meter.balance]


def main() -> int:
    base_url, token, session_token, customer_id = sys.argv[1:5]
    if generation == "1.x":
        polar = Polar(token, base_url=base_url, timeout=60)
        portal = Polar(session_token, base_url=base_url, timeout=60)
        listed = polar.customer_meters.list(customer_id=customer_id, sorting=["meter_name"]).items
        one = polar.customer_meters.get(id=listed[0].id)
        mine = portal.customer_portal.customer_meters.list().items
        my_one = portal.customer_portal.customer_meters.get(id=mine[0].id)
    else:
        polar = Polar(access_token=token, server_url=base_url, timeout_ms=60_000)
        listed = polar.customer_meters.list(customer_id=customer_id, sorting=["meter_name"]).result.items
        one = polar.customer_meters.get(id=listed[0].id)
        security = {"customer_session": session_token}
        mine = polar.customer_portal.customer_meters.list(security=security).result.items
        my_one = polar.customer_portal.customer_meters.get(security=security, id=mine[0].id)
    out = {
        "sdk": generation,
        "listed": [units(m) for m in listed],
        "customer": one.customer.email,
        "meter": one.meter.id == one.meter_id and one.meter.name,
        "portal": [units(m) for m in mine],
        "portal_get": my_one.id == mine[0].id,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
