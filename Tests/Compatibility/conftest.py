import pytest

from sdk_support import BASE_URL, TOKEN


@pytest.fixture
def polar():
    """Polar's official client for the current API version, with an all-scopes token (a minute per
    request: a loaded CI machine can be slower than the SDK's 5 s default)."""
    from polar.v2026_10 import Polar

    with Polar(TOKEN, base_url=BASE_URL, timeout=60) as client:
        yield client
