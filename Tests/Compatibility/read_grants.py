"""Lists benefit grants with Polar's own SDK: the organization's, and one benefit's.

Usage: read_grants.py BASE_URL TOKEN BENEFIT_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, report


def main() -> int:
    base_url, token, benefit_id = sys.argv[1:4]
    polar = connect(base_url, token)
    if GENERATION == "1.x":
        listed = polar.benefit_grants.list(is_granted=True).items
        revoked = polar.benefit_grants.list(is_granted=False).items
        of_benefit = polar.benefits.grants(benefit_id).items
    else:
        listed = polar.benefit_grants.list(is_granted=True).result.items
        revoked = polar.benefit_grants.list(is_granted=False).result.items
        of_benefit = polar.benefits.grants(id=benefit_id).result.items
    report(
        granted=sorted(g.benefit.description for g in listed),
        revoked=len(revoked),
        of_benefit=[[g.customer.email, g.is_granted] for g in of_benefit],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
