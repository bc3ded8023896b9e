"""Which polar-sdk generation this environment has, for the scripts the Swift tests run under
both: 1.x (`polar.v2026_10`) or 0.32 (`polar_sdk`, in its own environment)."""

import json

try:
    from polar.v2026_10 import Polar

    GENERATION = "1.x"
except ImportError:
    from polar_sdk import Polar

    GENERATION = "0.32"


def connect(base_url: str, token: str):
    """A client for the server, with a timeout long enough for a loaded CI machine."""
    if GENERATION == "1.x":
        return Polar(token, base_url=base_url, timeout=60)
    return Polar(access_token=token, server_url=base_url, timeout_ms=60_000)


def report(**values) -> None:
    """The one JSON line the calling Swift test reads, naming the generation."""
    print(json.dumps({"sdk": GENERATION, **values}))


def field(model, name: str):
    """A field of an SDK model; 0.32 keeps constant fields upper-cased (`SOURCE`, `AMOUNT_TYPE`)."""
    value = getattr(model, name, None)
    return value if value is not None else getattr(model, name.upper(), None)
