"""Reads a subscription and its customer's state with Polar's own SDK, as an app would.

Usage: read_billing.py BASE_URL TOKEN SUBSCRIPTION_ID CUSTOMER_ID

Runs with whichever polar-sdk is installed: 1.x (`polar.v2026_10`) or 0.32 (`polar_sdk`).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not
load. polar-sdk 1.0.2 cannot load a customer state with an active subscription (it types the
subscription's status with another enum, from Polar too): then `state` is "unparsed".
"""

import json
import sys

try:
    from polar.base import PolarDeserializationError as StateError
    from polar.v2026_10 import Polar

    generation = "1.x"
except ImportError:
    from polar_sdk import Polar
    from pydantic import ValidationError as StateError

    generation = "0.32"


def stamp(value):
    """RFC 3339 in UTC with `Z`: 1.x keeps the wire's text, 0.32 parses a datetime."""
    if value is None:
        return None
    text = value if isinstance(value, str) else value.isoformat()
    return text.replace("+00:00", "Z")


def main() -> int:
    base_url, token, subscription_id, customer_id = sys.argv[1:5]
    # A loaded CI machine can be slower than the SDKs' default timeouts (5 s).
    polar = (
        Polar(token, base_url=base_url, timeout=60)
        if generation == "1.x"
        else Polar(access_token=token, server_url=base_url, timeout_ms=60_000)
    )
    subscription = polar.subscriptions.get(id=subscription_id)
    status = subscription.status.value if hasattr(subscription.status, "value") else subscription.status
    out = {
        "sdk": generation,
        "status": status,
        "current_period_start": stamp(subscription.current_period_start),
        "current_period_end": stamp(subscription.current_period_end),
        "ended_at": stamp(subscription.ended_at),
        "meters": [[m.consumed_units, m.credited_units] for m in subscription.meters],
    }
    try:
        state = polar.customers.get_state(id=customer_id)
    except StateError:
        if generation != "1.x":
            raise
        out["state"] = "unparsed"
    else:
        out["state"] = {
            "subscriptions": [s.id for s in state.active_subscriptions],
            "benefits": len(state.granted_benefits),
            "meters": [[m.consumed_units, m.credited_units, m.balance] for m in state.active_meters],
        }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
