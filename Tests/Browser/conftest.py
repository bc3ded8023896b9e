"""Fixtures for the browser tests: the live server's address and tokens (set by the Swift test
that starts it), raw API calls, and a headless Chromium that logs every request it makes."""

import os
import pathlib
import shutil
import uuid

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASE_URL = os.environ.get("POLAR_BASE_URL", "")


@pytest.fixture(scope="session")
def api() -> httpx.Client:
    if not BASE_URL:
        pytest.fail("POLAR_BASE_URL is not set: run these tests through `swift test` (BrowserTests)")
    with httpx.Client(base_url=BASE_URL, headers={"Authorization": f"Bearer {os.environ['POLAR_TOKEN']}"}, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def organization(api: httpx.Client) -> dict:
    """The test organization, its customers allowed to change their email from the portal."""
    probe = api.post("/v1/customers/", json={"email": f"{unique('probe')}@example.com"})
    assert probe.status_code == 201, probe.text
    found = api.get(f"/v1/organizations/{probe.json()['organization_id']}").json()
    settings = found["customer_portal_settings"]
    settings["customer"]["allow_email_change"] = True
    updated = api.patch(f"/v1/organizations/{found['id']}", json={"customer_portal_settings": settings})
    assert updated.status_code == 200, updated.text
    return updated.json()


@pytest.fixture(scope="session")
def artifacts() -> pathlib.Path:
    folder = pathlib.Path(os.environ.get("BROWSER_ARTIFACTS", ".build/browser-artifacts"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def browser(artifacts: pathlib.Path, request) -> webdriver.Chrome:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("Chromium and its driver are needed: apt-get install chromium chromium-driver (.ci/run installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--disable-gpu"):
        options.add_argument(argument)
    # No password manager: its bubble re-renders the sign-in page under the driver's feet.
    options.add_argument("--disable-features=PasswordLeakDetection,PasswordManagerOnboarding")
    options.add_experimental_option("prefs", {"credentials_enable_service": False, "profile.password_manager_enabled": False})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.save_screenshot(str(artifacts / f"{request.node.name}-last.png"))
    driver.quit()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"
