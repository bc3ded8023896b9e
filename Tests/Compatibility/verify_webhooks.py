"""Verifies and parses recorded webhook deliveries with Polar's own SDK, as an app would.

Usage: verify_webhooks.py DELIVERIES.json SECRET

DELIVERIES.json is a list of {"headers": {...}, "body": "..."}. Runs with whichever polar-sdk
is installed: 1.x (`polar.v2026_10.webhooks.validate_event`) or 0.32
(`polar_sdk.webhooks.validate_event`). Prints one JSON line per delivery with the parsed
event's type and data id; exits non-zero if any fails to verify or parse.
"""

import json
import sys

try:
    from polar.v2026_10.webhooks import validate_event
    from polar.webhooks import PolarWebhookError as ParseError
    from polar.webhooks import PolarWebhookUnknownTypeError as UnknownTypeError

    generation = "1.x"
except ImportError:
    from polar_sdk.webhooks import validate_event
    from polar_sdk.webhooks import WebhookUnknownTypeError as UnknownTypeError
    from pydantic import ValidationError as ParseError

    generation = "0.32"


def main() -> int:
    deliveries = json.load(open(sys.argv[1], encoding="utf-8"))
    secret = sys.argv[2]
    for delivery in deliveries:
        body_type = json.loads(delivery["body"])["type"]
        try:
            event = validate_event(delivery["body"], delivery["headers"], secret)
        except UnknownTypeError:
            # Verified, but a type newer than this SDK (0.32 predates `subscription.cycled`);
            # the SDK tells apps to ignore such events.
            print(json.dumps({"sdk": generation, "type": body_type, "unknown": True}))
            continue
        except ParseError as error:
            # Verified, but the SDK's own models reject the payload (polar-sdk 1.0.2 cannot load
            # a state with an active subscription, from Polar either).
            if type(error) is not ParseError:
                raise
            print(json.dumps({"sdk": generation, "type": body_type, "unparsed": True}))
            continue
        # 1.x names the field `type`; 0.32 names it `TYPE` (aliased to "type").
        event_type = getattr(event, "type", None) or getattr(event, "TYPE")
        if event_type != body_type:
            print(f"parsed as {event_type}", file=sys.stderr)
            return 1
        print(json.dumps({"sdk": generation, "type": event_type, "id": str(getattr(event.data, "id", None))}))
    # A tampered body must be refused.
    if deliveries:
        tampered = deliveries[0]["body"].replace('"type"', '"type" ', 1)
        try:
            validate_event(tampered, deliveries[0]["headers"], secret)
        except Exception as error:  # the SDKs' verification errors share no base class across generations
            print(json.dumps({"sdk": generation, "tampered": type(error).__name__}))
        else:
            print("tampered body accepted", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
