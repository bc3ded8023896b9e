"""Reads customer meters with Polar's own SDK, as an app and a customer portal would.

Usage: read_customer_meters.py BASE_URL TOKEN CUSTOMER_SESSION_TOKEN CUSTOMER_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, report


def units(meter):
    return [meter.meter.name, meter.consumed_units, meter.credited_units, meter.balance]


def main() -> int:
    base_url, token, session_token, customer_id = sys.argv[1:5]
    polar = connect(base_url, token)
    if GENERATION == "1.x":
        portal = connect(base_url, session_token)
        listed = polar.customer_meters.list(customer_id=customer_id, sorting=["meter_name"]).items
        one = polar.customer_meters.get(id=listed[0].id)
        mine = portal.customer_portal.customer_meters.list().items
        my_one = portal.customer_portal.customer_meters.get(id=mine[0].id)
    else:
        listed = polar.customer_meters.list(customer_id=customer_id, sorting=["meter_name"]).result.items
        one = polar.customer_meters.get(id=listed[0].id)
        security = {"customer_session": session_token}
        mine = polar.customer_portal.customer_meters.list(security=security).result.items
        my_one = polar.customer_portal.customer_meters.get(security=security, id=mine[0].id)
    report(
        listed=[units(m) for m in listed],
        customer=one.customer.email,
        meter=one.meter.id == one.meter_id and one.meter.name,
        portal=[units(m) for m in mine],
        portal_get=my_one.id == mine[0].id,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
