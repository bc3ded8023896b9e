"""What the polar-sdk suites share: the server to test and its tokens, from the environment
(POLAR_BASE_URL, POLAR_TOKEN with every scope, POLAR_READ_TOKEN with `customers:read`), and
unique names so tests never collide."""

import os
import uuid

import pytest

BASE_URL = os.environ.get("POLAR_BASE_URL", "").rstrip("/")
TOKEN = os.environ.get("POLAR_TOKEN", "")
READ_TOKEN = os.environ.get("POLAR_READ_TOKEN", "")


def require_server() -> None:
    """Skips the calling test module when no server is configured."""
    if not (BASE_URL and TOKEN and READ_TOKEN):
        pytest.skip("set POLAR_BASE_URL, POLAR_TOKEN and POLAR_READ_TOKEN to run the polar-sdk suites", allow_module_level=True)


def unique(prefix: str = "sdk") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def email(tag: str = "sdk") -> str:
    return f"{unique(tag)}@example.com"
