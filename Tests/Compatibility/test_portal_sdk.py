"""Polar's official Python SDK (`polar-sdk`) through customer sessions, the customer portal's
own operations and the organization endpoint that controls them, against this server.

Environment: as test_customers_sdk.py (POLAR_BASE_URL, POLAR_TOKEN, POLAR_READ_TOKEN), plus
POLAR_MAIL_DIR: the directory where the SMTP server the service delivers to (smtp_sink.py)
writes what it receives, for the email-change flow.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import time
import uuid

import httpx
import pytest
from sdk_support import BASE_URL, READ_TOKEN, email, require_server

from polar import PolarClientError
from polar.v2026_10 import Polar
from polar.v2026_10.errors import HTTPValidationError, ResourceNotFound
from polar.v2026_10.outputs import CustomerIndividual, CustomerPortalCustomer, CustomerSession, Organization

require_server()


def sign_in(polar: Polar, **customer):
    created = polar.customers.create(email=email(), name="Jane", **customer)
    session = polar.customer_sessions.create(customer_id=created.id, return_url="https://example.com/account")
    return created, session


def test_portal_session_introspection(polar: Polar) -> None:
    created, session = sign_in(polar)
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        introspected = portal.customer_portal.customer_session.introspect()
        assert introspected.return_url == "https://example.com/account"
        assert introspected.expires_at == session.expires_at
        user = portal.customer_portal.customer_session.get_authenticated_user()
        assert user.type == "customer" and user.customer_id == created.id and user.email == created.email
        assert user.member_id is None and user.role is None


def test_customer_session_and_portal_me(polar: Polar) -> None:
    created, session = sign_in(polar, external_id=f"ext-{uuid.uuid4().hex[:8]}")
    assert isinstance(session, CustomerSession)
    assert session.token.startswith("polar_cst_") and len(session.token) == 53
    assert session.customer_id == created.id
    assert isinstance(session.customer, CustomerIndividual) and session.customer.id == created.id
    assert session.return_url == "https://example.com/account"
    assert f"customer_session_token={session.token}" in session.customer_portal_url

    by_external = polar.customer_sessions.create(external_customer_id=created.external_id)
    assert by_external.customer_id == created.id and by_external.token != session.token

    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        me = portal.customer_portal.customers.get()
        assert isinstance(me, CustomerPortalCustomer)
        assert me.id == created.id and me.email == created.email
        assert me.billing_name == "Jane" and me.oauth_accounts == {}

        updated = portal.customer_portal.customers.update(
            billing_name="Jane Ltd", billing_address={"country": "FR", "city": "Paris"}, tax_id="FR40303265045"
        )
        assert updated.billing_name == "Jane Ltd"
        assert updated.billing_address is not None and updated.billing_address.country == "FR"
        assert updated.tax_id == ["FR40303265045", "eu_vat"]

        with pytest.raises(HTTPValidationError) as invalid:
            portal.customer_portal.customers.update(billing_address=None)
        assert invalid.value.error.detail[0].loc == ["body", "billing_address"]

    assert polar.customers.get(created.id).billing_name == "Jane Ltd"


def test_session_errors(polar: Polar) -> None:
    with pytest.raises(HTTPValidationError) as invalid:
        polar.customer_sessions.create(external_customer_id=f"nobody-{uuid.uuid4().hex}")
    assert invalid.value.error.detail[0].loc == ["body", "external_customer_id"]
    assert invalid.value.error.detail[0].msg == "Customer does not exist."

    created, session = sign_in(polar)
    with Polar(READ_TOKEN, base_url=BASE_URL, timeout=60) as reader:
        with pytest.raises(PolarClientError) as forbidden:
            reader.customer_sessions.create(customer_id=created.id)
    assert forbidden.value.status_code == 403

    # A session token is not an organization token, and vice versa.
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        with pytest.raises(PolarClientError) as unauthorized:
            portal.customers.list()
    assert unauthorized.value.status_code == 401
    with pytest.raises(PolarClientError) as unauthorized:
        polar.customer_portal.customers.get()
    assert unauthorized.value.status_code == 401

    polar.customers.delete(created.id)
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        with pytest.raises(PolarClientError) as revoked:
            portal.customer_portal.customers.get()
    assert revoked.value.status_code == 401
    assert "invalid_token" in revoked.value.error


def test_organization_get_and_update_portal_settings(polar: Polar) -> None:
    created = polar.customers.create(email=email())
    organization = polar.organizations.get(created.organization_id)
    assert isinstance(organization, Organization)
    assert organization.id == created.organization_id

    updated = polar.organizations.update(
        created.organization_id,
        customer_portal_settings={
            "usage": {"show": True},
            "subscription": {"update_seats": True, "update_plan": True},
            "customer": {"allow_email_change": True},
        },
    )
    assert updated.customer_portal_settings.customer is not None
    assert updated.customer_portal_settings.customer.allow_email_change is True

    with pytest.raises(ResourceNotFound):
        polar.organizations.get(str(uuid.uuid4()))


def test_email_update_operations(polar: Polar) -> None:
    from polar.v2026_10.errors import (
        CustomerPortalCustomersCheckEmailUpdate401Error,
        CustomerPortalCustomersVerifyEmailUpdate401Error,
    )

    created, session = sign_in(polar)
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        polar.organizations.update(
            created.organization_id,
            customer_portal_settings={
                "usage": {"show": True},
                "subscription": {"update_seats": True, "update_plan": True},
                "customer": {"allow_email_change": False},
            },
        )
        with pytest.raises(PolarClientError) as forbidden:
            portal.customer_portal.customers.request_email_update(email=email("new"))
        assert forbidden.value.status_code == 403

        polar.organizations.update(
            created.organization_id,
            customer_portal_settings={
                "usage": {"show": True},
                "subscription": {"update_seats": True, "update_plan": True},
                "customer": {"allow_email_change": True},
            },
        )
        assert portal.customer_portal.customers.request_email_update(email=email("new")) is None
        with pytest.raises(HTTPValidationError):
            portal.customer_portal.customers.request_email_update(email=created.email.upper())

    # Check and verify need no session; a valid one sent along does no harm.
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        with pytest.raises(CustomerPortalCustomersCheckEmailUpdate401Error) as invalid:
            portal.customer_portal.customers.check_email_update(token="polar_cev_unknown")
        assert invalid.value.status_code == 401
        with pytest.raises(CustomerPortalCustomersVerifyEmailUpdate401Error):
            portal.customer_portal.customers.verify_email_update(token="polar_cev_unknown")


def confirmation_token(fixture: str) -> str:
    """A `ctoken_…` for a Stripe test card, from the server's built-in Stripe emulator."""
    response = httpx.post(
        f"{BASE_URL}/stripe-emulator/v1/test_helpers/confirmation_tokens",
        data={"payment_method": fixture},
        headers={"Authorization": "Bearer sk_test_compat"},
    )
    response.raise_for_status()
    return response.json()["id"]


def test_payment_methods(polar: Polar) -> None:
    from polar.v2026_10.errors import CustomerNotReady, PaymentMethodSetupFailed
    from polar.v2026_10.outputs import (
        CustomerPaymentMethodCreateRequiresActionResponse,
        CustomerPaymentMethodCreateSucceededResponse,
        PaymentMethodCard,
        PaymentMethodGeneric,
        PaymentMethodKrCard,
    )

    created, session = sign_in(polar)
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        customers = portal.customer_portal.customers
        with pytest.raises(CustomerNotReady):
            customers.confirm_payment_method(setup_intent_id="seti_unknown", set_default=False)

        saved = customers.add_payment_method(
            confirmation_token_id=confirmation_token("pm_card_visa"), set_default=True, return_url="/acme/portal"
        )
        assert isinstance(saved, CustomerPaymentMethodCreateSucceededResponse)
        assert isinstance(saved.payment_method, PaymentMethodCard)
        assert saved.payment_method.method_metadata.last4 == "4242"
        assert customers.get().default_payment_method_id == saved.payment_method.id

        korean = customers.add_payment_method(confirmation_token_id="pm_card_kr", set_default=False, return_url="")
        # polar-sdk 1.0.2 loads every kr_card as PaymentMethodGeneric (its union loader prefers
        # the generic shape), so only the type is visible through it.
        assert isinstance(korean.payment_method, (PaymentMethodKrCard, PaymentMethodGeneric))
        assert korean.payment_method.type == "kr_card"
        sepa = customers.add_payment_method(confirmation_token_id="pm_sepa_debit", set_default=False, return_url="")
        assert isinstance(sepa.payment_method, PaymentMethodGeneric)

        pending = customers.add_payment_method(
            confirmation_token_id=confirmation_token("pm_card_threeDSecure2Required"),
            set_default=False,
            return_url="https://example.com",
        )
        assert isinstance(pending, CustomerPaymentMethodCreateRequiresActionResponse)
        intent = pending.client_secret.split("_secret_")[0]
        httpx.post(
            f"{BASE_URL}/stripe-emulator/v1/test_helpers/setup_intents/{intent}/authenticate",
            headers={"Authorization": "Bearer sk_test_compat"},
        ).raise_for_status()
        confirmed = customers.confirm_payment_method(setup_intent_id=intent, set_default=False)
        assert isinstance(confirmed, CustomerPaymentMethodCreateSucceededResponse)

        with pytest.raises(PaymentMethodSetupFailed) as declined:
            customers.add_payment_method(
                confirmation_token_id=confirmation_token("pm_card_chargeDeclined"), set_default=False, return_url=""
            )
        assert declined.value.error.error == "PaymentMethodSetupFailed"

        listed = customers.list_payment_methods(limit=2)
        assert listed.pagination.total_count == 4 and listed.pagination.max_page == 2
        assert len(list(customers.iter_list_payment_methods(limit=3))) == 4

        # The organization's view of the same methods, by id and by external id.
        portal_ids = [method.id for method in customers.iter_list_payment_methods(limit=10)]
        by_id = polar.customers.list_payment_methods(created.id, limit=10)
        assert [method.id for method in by_id.items] == portal_ids
        external = polar.customers.update(created.id, external_id=f"pm-{uuid.uuid4().hex[:8]}").external_id
        assert polar.customers.list_payment_methods_external(external, limit=3).pagination.max_page == 2

        assert customers.delete_payment_method(saved.payment_method.id) is None
        assert customers.get().default_payment_method_id is None
        with pytest.raises(ResourceNotFound):
            customers.delete_payment_method(saved.payment_method.id)


def test_email_change_through_the_mail(polar: Polar) -> None:
    mail = os.environ.get("POLAR_MAIL_DIR")
    if not mail:
        pytest.skip("set POLAR_MAIL_DIR to the SMTP sink's directory")
    created, session = sign_in(polar)
    polar.organizations.update(
        created.organization_id,
        customer_portal_settings={
            "usage": {"show": True},
            "subscription": {"update_seats": True, "update_plan": True},
            "customer": {"allow_email_change": True},
        },
    )
    new_email = email("changed")
    with Polar(session.token, base_url=BASE_URL, timeout=60) as portal:
        portal.customer_portal.customers.request_email_update(email=new_email)
        token = wait_for_link(pathlib.Path(mail), new_email)
        assert portal.customer_portal.customers.check_email_update(token=token) is None
        verified = portal.customer_portal.customers.verify_email_update(token=token)
        assert verified.token.startswith("polar_cst_")
    with Polar(verified.token, base_url=BASE_URL, timeout=60) as portal:
        me = portal.customer_portal.customers.get()
        assert me.email == new_email and me.email_verified is True


def wait_for_link(directory: pathlib.Path, recipient: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in directory.glob("*.json"):
            message = json.loads(path.read_text())
            if recipient in message["rcpt_tos"]:
                found = re.search(r"polar_cev_[A-Za-z0-9]{43}", message["body"])
                if found:
                    return found.group(0)
        time.sleep(0.05)
    raise AssertionError(f"no verification email reached {recipient}")
