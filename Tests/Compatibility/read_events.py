"""Reads events back with Polar's own SDK: the list with its filters, one event, and the names.

Usage: read_events.py BASE_URL TOKEN CUSTOMER_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, field, report


def summary(event):
    customer = getattr(event, "customer", None)
    return [field(event, "name"), field(event, "source"), event.label, customer.email if customer else None]


def main() -> int:
    base_url, token, customer_id = sys.argv[1:4]
    polar = connect(base_url, token)
    listed = polar.events.list(source="user", sorting=["timestamp"], limit=100)
    by_customer = polar.events.list(customer_id=customer_id, source="user", sorting=["timestamp"])
    by_name = polar.events.list(name=["search"], metadata={"phrase": "Hello World"})
    names = polar.events.list_names(sorting=["name"])
    if GENERATION == "0.32":
        names = names.result  # 0.32 wraps the page it iterates
    system = polar.events.list(source="system", sorting=["timestamp"], limit=100)
    one = polar.events.get(id=listed.items[0].id)
    cost = listed.items[0].metadata["_cost"]
    cost_amount = cost["amount"] if isinstance(cost, dict) else cost.amount
    report(
        total=listed.pagination.total_count,
        listed=[summary(e) for e in listed.items],
        by_customer=[summary(e) for e in by_customer.items],
        by_name=[summary(e) for e in by_name.items],
        system=[summary(e) for e in system.items],
        get=one.id == listed.items[0].id and one.name,
        cost=cost_amount,
        names=[[n.name, n.source, n.occurrences] for n in names.items if n.source == "user"],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
