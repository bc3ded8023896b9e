"""Reads events back with Polar's own SDK: the list with its filters, one event, and the names.

Usage: read_events.py BASE_URL TOKEN CUSTOMER_ID

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


def summary(event):
    customer = getattr(event, "customer", None)
    # 0.32 keeps a typed event's constant fields upper-cased (`SOURCE`, and `NAME` on system events).
    name = getattr(event, "name", None) or getattr(event, "NAME", None)
    source = getattr(event, "source", None) or getattr(event, "SOURCE", None)
    return [name, source, event.label, customer.email if customer else None]


def main() -> int:
    base_url, token, customer_id = sys.argv[1:4]
    if generation == "1.x":
        polar = Polar(token, base_url=base_url, timeout=60)
        listed = polar.events.list(source="user", sorting=["timestamp"], limit=100)
        by_customer = polar.events.list(customer_id=customer_id, source="user", sorting=["timestamp"])
        by_name = polar.events.list(name=["search"], metadata={"phrase": "Hello World"})
        names = polar.events.list_names(sorting=["name"])
    else:
        polar = Polar(access_token=token, server_url=base_url, timeout_ms=60_000)
        listed = polar.events.list(source="user", sorting=["timestamp"], limit=100)
        by_customer = polar.events.list(customer_id=customer_id, source="user", sorting=["timestamp"])
        by_name = polar.events.list(name=["search"], metadata={"phrase": "Hello World"})
        names = polar.events.list_names(sorting=["name"]).result
    system = polar.events.list(source="system", sorting=["timestamp"], limit=100)
    one = polar.events.get(id=listed.items[0].id)
    out = {
        "sdk": generation,
        "total": listed.pagination.total_count,
        "listed": [summary(e) for e in listed.items],
        "by_customer": [summary(e) for e in by_customer.items],
        "by_name": [summary(e) for e in by_name.items],
        "system": [summary(e) for e in system.items],
        "get": one.id == listed.items[0].id and one.name,
        "names": [[n.name, n.source, n.occurrences] for n in names.items if n.source == "user"],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
