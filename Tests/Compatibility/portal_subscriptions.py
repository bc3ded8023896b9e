"""Lists, reads, cancels and uncancels a customer's subscription through the portal with
Polar's own SDK, as a customer portal would.

Usage: portal_subscriptions.py BASE_URL CUSTOMER_SESSION_TOKEN

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, report


def main() -> int:
    base_url, session_token = sys.argv[1:3]
    polar = connect(base_url, session_token)
    if GENERATION == "1.x":
        portal = polar.customer_portal.subscriptions
        listed = portal.list(active=True).items
        one = portal.get(listed[0].id)
        canceled = portal.update(one.id, cancel_at_period_end=True, cancellation_reason="unused")
        uncanceled = portal.update(one.id, cancel_at_period_end=False)
        deleted = portal.cancel(one.id)
    else:
        portal = polar.customer_portal.subscriptions
        security = {"customer_session": session_token}
        listed = portal.list(security=security, active=True).result.items
        one = portal.get(security=security, id=listed[0].id)
        canceled = portal.update(
            security=security, id=one.id, customer_subscription_update={"cancel_at_period_end": True, "cancellation_reason": "unused"}
        )
        uncanceled = portal.update(security=security, id=one.id, customer_subscription_update={"cancel_at_period_end": False})
        deleted = portal.cancel(security=security, id=one.id)
    report(
        listed=[[s.product.name, s.status] for s in listed],
        organization=one.product.organization.slug,
        canceled=[canceled.cancel_at_period_end, canceled.customer_cancellation_reason],
        uncanceled=uncanceled.cancel_at_period_end,
        deleted=deleted.cancel_at_period_end,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
