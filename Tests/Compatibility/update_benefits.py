"""Updates and deletes benefits with Polar's own SDK, and checks the type-change refusal.

Usage: update_benefits.py BASE_URL TOKEN CREDIT_BENEFIT_ID FLAG_BENEFIT_ID METER_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, report

if GENERATION == "1.x":
    from polar.v2026_10.errors import HTTPValidationError, ResourceNotFound
else:
    from polar_sdk.models import HTTPValidationError, ResourceNotFound


def main() -> int:
    base_url, token, credit_id, flag_id, meter_id = sys.argv[1:6]
    polar = connect(base_url, token)
    body = {
        "type": "meter_credit",
        "description": "250 calls",
        "properties": {"units": 250, "rollover": True, "meter_id": meter_id},
    }
    if GENERATION == "1.x":
        credit = polar.benefits.update(credit_id, **body)
        try:
            polar.benefits.update(flag_id, type="custom", description="Now custom")
            refused = None
        except HTTPValidationError as error:
            refused = type(error).__name__
        polar.benefits.delete(flag_id)
        try:
            polar.benefits.get(flag_id)
            gone = False
        except ResourceNotFound:
            gone = True
    else:
        credit = polar.benefits.update(id=credit_id, request_body=body)
        try:
            polar.benefits.update(id=flag_id, request_body={"type": "custom", "description": "Now custom"})
            refused = None
        except HTTPValidationError as error:
            refused = type(error).__name__
        polar.benefits.delete(id=flag_id)
        try:
            polar.benefits.get(id=flag_id)
            gone = False
        except ResourceNotFound:
            gone = True
    report(
        credit=[credit.description, credit.properties.units, credit.properties.rollover, credit.modified_at is not None],
        refused=refused,
        gone=gone,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
