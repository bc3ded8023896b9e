import pytest

from sdk_support import BASE_URL, TOKEN


@pytest.fixture
def polar():
    """Polar's official client for the current API version, with an all-scopes token."""
    from polar.v2026_10 import Polar

    with Polar(TOKEN, base_url=BASE_URL) as client:
        yield client
