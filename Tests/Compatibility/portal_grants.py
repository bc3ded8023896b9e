"""Reads the portal's grants and the organization's public page with Polar's own SDK, as a
customer portal would, and sends a grant update.

Usage: portal_grants.py BASE_URL CUSTOMER_SESSION_TOKEN ORGANIZATION_SLUG

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, field, report


def main() -> int:
    base_url, session_token, slug = sys.argv[1:4]
    polar = connect(base_url, session_token)
    portal = polar.customer_portal
    if GENERATION == "1.x":
        grants = portal.benefit_grants.list().items
        one = portal.benefit_grants.get(grants[0].id)
        updated = portal.benefit_grants.update(one.id, benefit_type="meter_credit")
        page = portal.organizations.get(slug)
    else:
        security = {"customer_session": session_token}
        grants = portal.benefit_grants.list(security=security).result.items
        one = portal.benefit_grants.get(security=security, id=grants[0].id)
        updated = portal.benefit_grants.update(
            security=security, id=one.id, customer_benefit_grant_update={"benefit_type": "meter_credit"}
        )
        page = portal.organizations.get(slug=slug)
    report(
        grants=[[field(g.benefit, "type"), g.benefit.description, g.is_granted] for g in grants],
        get=one.id == grants[0].id,
        updated=updated.id == one.id,
        organization=page.organization.slug,
        products=[p.name for p in page.products],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
