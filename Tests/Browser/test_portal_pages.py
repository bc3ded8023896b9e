"""The customer portal and the dashboard in a real headless Chromium: every portal operation
from the page a customer-session link opens, the email change followed from the real SMTP
message, the dashboard's search and customer page, and the pages' privacy and isolation."""

import json
import os
import pathlib
import re
import time
from urllib.parse import urlparse

import httpx
import pytest
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, unique

SCRIPT_NAME = 'Ada <script>alert("owned")</script>'


def customer_with_everything(api: httpx.Client) -> tuple[dict, dict]:
    """A customer with a subscription, a granted benefit and a meter with usage."""
    tag = unique("calls")
    meter = api.post(
        "/v1/meters/",
        json={
            "name": f"API calls {tag}",
            "filter": {"conjunction": "and", "clauses": [{"property": "name", "operator": "eq", "value": tag}]},
            "aggregation": {"func": "count"},
        },
    ).json()
    benefit = api.post("/v1/benefits/", json={"type": "feature_flag", "description": "Pro features", "properties": {}, "visibility": "public"}).json()
    product = api.post(
        "/v1/products/",
        json={
            "name": unique("Pro plan"),
            "recurring_interval": "month",
            "prices": [{"amount_type": "fixed", "price_amount": 0}, {"amount_type": "metered_unit", "meter_id": meter["id"], "unit_amount": 2}],
        },
    ).json()
    assert api.post(f"/v1/products/{product['id']}/benefits", json={"benefits": [benefit["id"]]}).status_code == 200
    customer = api.post("/v1/customers/", json={"email": f"{unique('ada')}@example.com", "name": SCRIPT_NAME}).json()
    subscription = api.post("/v1/subscriptions/", json={"customer_id": customer["id"], "product_id": product["id"]})
    assert subscription.status_code == 201, subscription.text
    # Benefits are granted in the background, as in Polar.
    deadline = time.monotonic() + 10
    while not api.get("/v1/benefit-grants/", params={"customer_id": customer["id"], "is_granted": True}).json()["items"]:
        assert time.monotonic() < deadline, "the subscription's benefit was never granted"
        time.sleep(0.1)
    ingested = api.post("/v1/events/ingest", json={"events": [{"name": tag, "customer_id": customer["id"]} for _ in range(7)]})
    assert ingested.status_code == 200, ingested.text
    return customer, {"meter": meter, "product": product, "subscription": subscription.json()}


def portal_link(api: httpx.Client, customer: dict) -> str:
    session = api.post("/v1/customer-sessions/", json={"customer_id": customer["id"]})
    assert session.status_code == 201, session.text
    return session.json()["customer_portal_url"]


def shot(browser, artifacts: pathlib.Path, name: str) -> None:
    """A screenshot of the whole page, however long."""
    size = browser.get_window_size()
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(size["width"], max(size["height"], height + 150))
    browser.save_screenshot(str(artifacts / f"{name}.png"))
    browser.set_window_size(size["width"], size["height"])


def press(browser, by, value) -> None:
    """Clicks the element `by`, `value` finds. Chromedriver now and then loses a node found
    just after a page loaded; the click is then not made, so it is tried again afresh."""
    for attempt in range(3):
        try:
            browser.find_element(by, value).click()
            return
        except WebDriverException as error:
            if "does not belong to the document" not in str(error) or attempt == 2:
                raise
            time.sleep(0.2)


def click(browser, by, value=None) -> None:
    """Clicks the element (or the one `by`, `value` finds) and waits for the page it leads to."""
    page = browser.find_element(By.TAG_NAME, "html")
    if value is None:
        by.click()
    else:
        press(browser, by, value)
    WebDriverWait(browser, 10).until(lambda _: replaced(page))
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def replaced(element) -> bool:
    """Whether the page `element` belongs to has been replaced. Chromium reports a node of a
    page being torn down either as stale or, for a moment, as not in the document."""
    try:
        return expected_conditions.staleness_of(element)(None)
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def submit(browser, form_css: str) -> None:
    click(browser, By.CSS_SELECTOR, f"{form_css} button[type=submit]")


def notice(browser) -> str:
    return WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".notice"))).text


def requests_made(browser) -> list[dict]:
    """Every request the browser sent since the last call: URL and headers."""
    sent = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            request = message["params"]["request"]
            sent.append({"url": request["url"], "headers": request.get("headers", {})})
    return sent


def no_alert(browser) -> None:
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text


def test_customer_portal(api, organization, browser, artifacts):
    customer, billing = customer_with_everything(api)
    link = portal_link(api, customer)
    token = re.search(r"customer_session_token=([^&]+)", link).group(1)
    assert link.startswith(f"{BASE_URL}/{organization['slug']}/portal?customer_session_token=")

    # The link signs in, then the token leaves the address bar; no request goes elsewhere or
    # carries it further (not in a URL after the first, not in a Referer).
    browser.get(link)
    assert browser.current_url == f"{BASE_URL}/{organization['slug']}/portal"
    shot(browser, artifacts, "portal-home")
    sent = requests_made(browser)
    assert sent and all(urlparse(r["url"]).netloc == urlparse(BASE_URL).netloc for r in sent), sent
    assert all(token not in r["url"] for r in sent[1:]), sent
    assert all(token not in r["headers"].get("Referer", "") for r in sent), sent

    # Readable on a phone: nothing wider than the screen.
    browser.set_window_size(390, 844)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    shot(browser, artifacts, "portal-phone")
    browser.set_window_size(1280, 1000)

    # A stored name with markup renders as text.
    assert browser.find_element(By.ID, "customer-name").text == SCRIPT_NAME
    no_alert(browser)

    # What the customer has: the subscription, the benefit and the meter's usage.
    subscriptions = browser.find_element(By.ID, "subscription-list").text
    assert billing["product"]["name"] in subscriptions and "active" in subscriptions
    assert "Pro features" in browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=benefits]").text
    usage = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=usage]").text
    assert billing["meter"]["name"] in usage and "7" in usage

    # Billing details: a refused country is shown next to its field and changes nothing.
    field = browser.find_element(By.ID, "billing_name")
    field.clear()
    field.send_keys("Ada Lovelace Ltd")
    country = browser.find_element(By.ID, "country")
    country.clear()
    country.send_keys("ZZ")
    browser.find_element(By.ID, "line1").send_keys("12 Analytical Row")
    submit(browser, "#billing-form")
    error = browser.find_element(By.ID, "country-error").text
    assert error, "no message next to the country field"
    assert browser.find_element(By.ID, "country").get_attribute("aria-invalid") == "true"
    shot(browser, artifacts, "portal-billing-error")
    assert api.get(f"/v1/customers/{customer['id']}").json()["billing_name"] == SCRIPT_NAME
    country = browser.find_element(By.ID, "country")
    country.clear()
    country.send_keys("GB")
    submit(browser, "#billing-form")
    assert "billing details were saved" in notice(browser)
    stored = api.get(f"/v1/customers/{customer['id']}").json()
    assert stored["billing_name"] == "Ada Lovelace Ltd"
    assert stored["billing_address"]["country"] == "GB" and stored["billing_address"]["line1"] == "12 Analytical Row"

    # Cards: a plain Visa, then a 3-D Secure card through the emulator's challenge.
    click(browser, By.LINK_TEXT, "Add a payment method")
    press(browser, By.CSS_SELECTOR, "input[value=pm_card_visa]")
    press(browser, By.CSS_SELECTOR, "input[name=set_default]")  # not the default
    shot(browser, artifacts, "portal-add-card")
    submit(browser, "#card-form")
    assert "payment method was added" in notice(browser)
    click(browser, By.LINK_TEXT, "Add a payment method")
    press(browser, By.CSS_SELECTOR, "input[value=pm_card_threeDSecure2Required]")
    submit(browser, "#card-form")
    shot(browser, artifacts, "portal-3ds-challenge")
    click(browser, By.ID, "complete-authentication")
    assert "payment method was added" in notice(browser)
    # A challenge the customer fails saves nothing.
    click(browser, By.LINK_TEXT, "Add a payment method")
    press(browser, By.CSS_SELECTOR, "input[value=pm_card_threeDSecure2Required]")
    submit(browser, "#card-form")
    click(browser, By.ID, "fail-authentication")
    assert "bank did not confirm" in browser.find_element(By.ID, "card-error").text
    shot(browser, artifacts, "portal-3ds-failed")
    click(browser, By.LINK_TEXT, "← Back to your account")
    me = api_as(token).get("/v1/customer-portal/customers/me").json()
    methods = api_as(token).get("/v1/customer-portal/customers/me/payment-methods").json()["items"]
    assert sorted(m["method_metadata"]["last4"] for m in methods) == ["3155", "4242"]
    secure_card = next(m for m in methods if m["method_metadata"]["last4"] == "3155")
    visa = next(m for m in methods if m["method_metadata"]["last4"] == "4242")
    assert me["default_payment_method_id"] == secure_card["id"]
    shot(browser, artifacts, "portal-cards")

    # Make the Visa the default, then delete the 3-D Secure card.
    click(browser, By.CSS_SELECTOR, f"li[data-payment-method='{visa['id']}'] button.secondary")
    assert "default payment method was changed" in notice(browser)
    assert api_as(token).get("/v1/customer-portal/customers/me").json()["default_payment_method_id"] == visa["id"]
    click(browser, By.CSS_SELECTOR, f"li[data-payment-method='{secure_card['id']}'] button.danger")
    assert "payment method was removed" in notice(browser)
    methods = api_as(token).get("/v1/customer-portal/customers/me/payment-methods").json()["items"]
    assert [m["id"] for m in methods] == [visa["id"]]

    # Cancel at period end, then keep it after all.
    subscription_id = billing["subscription"]["id"]
    click(browser, By.CSS_SELECTOR, f"li[data-subscription='{subscription_id}'] button.danger")
    assert "will end at the end of the billing period" in notice(browser)
    assert api.get(f"/v1/subscriptions/{subscription_id}").json()["cancel_at_period_end"] is True
    shot(browser, artifacts, "portal-canceled")
    click(browser, By.CSS_SELECTOR, f"li[data-subscription='{subscription_id}'] button[type=submit]")
    assert "will renew as usual" in notice(browser)
    assert api.get(f"/v1/subscriptions/{subscription_id}").json()["cancel_at_period_end"] is False

    # The email change: request it, follow the link in the real message, confirm on the page.
    new_email = f"{unique('ada-new')}@example.com"
    browser.find_element(By.ID, "email").send_keys(new_email)
    click(browser, By.CSS_SELECTOR, "form[action$='/portal/email'] button")
    assert "Check your new inbox" in notice(browser)
    verify_link = wait_for_link(new_email)
    assert verify_link.startswith(f"{BASE_URL}/{organization['slug']}/portal/verify-email?token=")
    browser.get(verify_link)
    shot(browser, artifacts, "portal-verify-email")
    click(browser, By.ID, "confirm-email")
    assert "email address was changed" in notice(browser)
    assert browser.current_url.endswith("/portal?notice=email-changed")
    assert browser.find_element(By.ID, "customer-email").text == new_email
    assert api.get(f"/v1/customers/{customer['id']}").json()["email"] == new_email


def api_as(token: str) -> httpx.Client:
    return httpx.Client(base_url=BASE_URL, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def wait_for_link(recipient: str) -> str:
    directory = pathlib.Path(os.environ["POLAR_MAIL_DIR"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for path in directory.glob("*.json"):
            message = json.loads(path.read_text())
            if recipient in message["rcpt_tos"]:
                found = re.search(r"https?://[^\s\"'<>]+/portal/verify-email\?token=polar_cev_[A-Za-z0-9]+", message["body"])
                if found:
                    return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no verification email reached {recipient}")


def test_portal_keeps_customers_apart(api, organization, browser, artifacts):
    alice, _ = customer_with_everything(api)
    bob, _ = customer_with_everything(api)
    bob_token = re.search(r"customer_session_token=([^&]+)", portal_link(api, bob)).group(1)
    # Bob saves a card through the API.
    ctoken = httpx.post(
        f"{BASE_URL}/stripe-emulator/v1/test_helpers/confirmation_tokens",
        data={"payment_method": "pm_card_visa"}, headers={"Authorization": "Bearer sk_test_browser"},
    ).json()["id"]
    added = api_as(bob_token).post(
        "/v1/customer-portal/customers/me/payment-methods", json={"confirmation_token_id": ctoken, "set_default": True, "return_url": BASE_URL}
    )
    assert added.status_code == 201, added.text
    bob_card = added.json()["payment_method"]["id"]
    bob_subscription = api.get("/v1/subscriptions/", params={"customer_id": bob["id"]}).json()["items"][0]["id"]

    browser.get(portal_link(api, alice))
    # Alice's page, with the id in a form edited to Bob's card and subscription.
    for action in (
        f"/{organization['slug']}/portal/payment-methods/{bob_card}/delete",
        f"/{organization['slug']}/portal/subscriptions/{bob_subscription}/cancel",
    ):
        form = browser.find_element(By.CSS_SELECTOR, "form[action$='/sign-out']")
        browser.execute_script("arguments[0].setAttribute('action', arguments[1])", form, action)
        click(browser, form.find_element(By.TAG_NAME, "button"))
        assert browser.find_element(By.CSS_SELECTOR, ".error").text, f"{action} was not refused"
        assert bob["email"] not in browser.page_source
    shot(browser, artifacts, "portal-isolation")
    assert [m["id"] for m in api_as(bob_token).get("/v1/customer-portal/customers/me/payment-methods").json()["items"]] == [bob_card]
    assert api.get(f"/v1/subscriptions/{bob_subscription}").json()["cancel_at_period_end"] is False

    # Another organization's portal does not take this organization's session.
    other_organization = httpx.get(
        f"{BASE_URL}/v1/organizations/{os.environ['POLAR_OTHER_ORGANIZATION_ID']}",
        headers={"Authorization": f"Bearer {os.environ['POLAR_OTHER_TOKEN']}"},
    )
    other = other_organization.json()["slug"]
    assert other != organization["slug"]
    browser.get(f"{BASE_URL}/{other}/portal")
    assert "Signed out" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(f"{BASE_URL}/{other}/portal?customer_session_token={bob_token}")
    assert "Link expired" in browser.find_element(By.TAG_NAME, "h1").text
    assert bob["email"] not in browser.page_source

    # Signing out ends the browser's session.
    browser.get(f"{BASE_URL}/{organization['slug']}/portal")
    click(browser, By.CSS_SELECTOR, "form[action$='/sign-out'] button")
    browser.get(f"{BASE_URL}/{organization['slug']}/portal")
    assert "Signed out" in browser.find_element(By.TAG_NAME, "h1").text


def test_dashboard(api, organization, browser, artifacts):
    tag = unique("crowd")
    for index in range(150):
        created = api.post("/v1/customers/", json={"email": f"{tag}-{index}@example.com", "name": f"Crowd {index}"})
        assert created.status_code == 201, created.text
    wanted, billing = customer_with_everything(api)
    endpoint = api.post(
        "/v1/webhooks/endpoints",
        json={"url": "http://127.0.0.1:9/unreachable", "format": "raw", "events": ["customer.updated"]},
    )
    assert endpoint.status_code == 201, endpoint.text
    api.patch(f"/v1/customers/{wanted['id']}", json={"metadata": {"plan": "pro"}})

    browser.get(f"{BASE_URL}/dashboard")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Dashboard"
    browser.find_element(By.ID, "token").send_keys("polar_oat_not_a_token")
    click(browser, By.CSS_SELECTOR, "form button")
    assert "not a valid" in browser.find_element(By.CSS_SELECTOR, ".error").text
    browser.find_element(By.ID, "token").send_keys(os.environ["POLAR_TOKEN"])
    click(browser, By.CSS_SELECTOR, "form button")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Customers"
    assert os.environ["POLAR_TOKEN"] not in browser.current_url
    cookies = {cookie["name"]: cookie for cookie in browser.get_cookies()}
    assert cookies["polar_dashboard"]["httpOnly"] is True and cookies["polar_dashboard"]["sameSite"] == "Strict"
    shot(browser, artifacts, "dashboard-customers")

    # Paging through many, then a search that finds one.
    browser.find_element(By.ID, "query").send_keys(tag)
    click(browser, By.CSS_SELECTOR, "form.search button")
    assert browser.find_element(By.ID, "customer-count").text.startswith("150 customers")
    click(browser, By.CSS_SELECTOR, "a[rel=next]")
    assert "page 2 of 6" in browser.find_element(By.ID, "customer-count").text
    query = browser.find_element(By.ID, "query")
    query.clear()
    query.send_keys(wanted["email"])
    click(browser, By.CSS_SELECTOR, "form.search button")
    rows = browser.find_elements(By.CSS_SELECTOR, "#customers tbody tr")
    assert len(rows) == 1 and SCRIPT_NAME in rows[0].text
    no_alert(browser)
    click(browser, rows[0].find_element(By.TAG_NAME, "a"))

    # The customer's page: state, subscription, grant, meter chart, events.
    assert browser.find_element(By.ID, "customer-heading").text == wanted["email"]
    assert "1 active subscription ·" in browser.find_element(By.ID, "customer-state").text
    chart = next(f for f in browser.find_elements(By.CSS_SELECTOR, "figure.meter") if billing["meter"]["name"] in f.text)
    assert len(chart.find_elements(By.CSS_SELECTOR, "svg.chart rect")) == 30
    assert "7 in all" in chart.find_element(By.CSS_SELECTOR, ".chart-caption").text
    assert "customer.updated" in browser.page_source or "customer.created" in browser.page_source
    shot(browser, artifacts, "dashboard-customer")

    # Webhooks: the failed delivery, redelivered from its button.
    click(browser, By.LINK_TEXT, "Webhooks")
    click(browser, By.LINK_TEXT, "http://127.0.0.1:9/unreachable")
    deadline = time.monotonic() + 20
    while not browser.find_elements(By.CSS_SELECTOR, "#deliveries tbody tr") and time.monotonic() < deadline:
        time.sleep(0.5)
        browser.refresh()
    row = browser.find_element(By.CSS_SELECTOR, "#deliveries tbody tr")
    assert "customer.updated" in row.text and "failed" in row.text
    shot(browser, artifacts, "dashboard-webhook")
    click(browser, row.find_element(By.TAG_NAME, "button"))
    assert "queued for delivery again" in notice(browser)

    # A form posted without the page's CSRF token is refused.
    browser.execute_script("document.querySelector('#deliveries form input[name=csrf]').value = 'forged'")
    click(browser, By.CSS_SELECTOR, "#deliveries form button")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Expired form"
