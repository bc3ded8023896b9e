"""Polar's official Python SDK (`polar-sdk`) against this server, unchanged.

Every customers operation goes through the SDK's own clients, so a response the SDK cannot
deserialize (a missing key, a wrong type, an unknown discriminator) fails here just as it would
fail a user's application. The errors are checked as the SDK raises them: the typed exception
for each documented status, with its parsed body.

Environment:
  POLAR_BASE_URL    e.g. http://127.0.0.1:18081
  POLAR_TOKEN       organization access token with every scope
  POLAR_READ_TOKEN  organization access token with only `customers:read`
"""

from __future__ import annotations

import asyncio
import csv
import io
import uuid

import pytest
from sdk_support import BASE_URL, READ_TOKEN, TOKEN, email, require_server, unique

from polar import PolarClientError
from polar.v2026_04 import Polar as Polar202604
from polar.v2026_10 import Polar, PolarAsync
from polar.v2026_10.errors import HTTPValidationError, ResourceNotFound
from polar.v2026_10.outputs import CustomerIndividual, CustomerTeam
from polar.v2027_01 import Polar as Polar202701

require_server()


def test_create_get_and_get_external_round_trip(polar: Polar) -> None:
    external_id = unique("ext")
    address = {"line1": "1 Rue de Rivoli", "postal_code": "75001", "city": "Paris", "country": "FR"}
    local = unique("Ada.Lovelace")
    created = polar.customers.create(
        email=f"{local}@Example.COM",
        name="Ada Lovelace",
        external_id=external_id,
        billing_address=address,
        tax_id="FR40303265045",
        locale="fr-FR",
        metadata={"plan": "pro", "seats": 3, "ratio": 0.5, "beta": True},
    )
    assert isinstance(created, CustomerIndividual)
    assert created.type == "individual"
    assert created.email == f"{local}@example.com"
    assert created.email_verified is False
    assert created.name == "Ada Lovelace"
    assert created.billing_name == "Ada Lovelace"  # falls back to the name
    assert created.external_id == external_id
    assert created.billing_address is not None and created.billing_address.country == "FR"
    assert created.billing_address.line2 is None
    assert created.tax_id == ["FR40303265045", "eu_vat"]
    assert created.locale == "fr-FR"
    assert created.metadata == {"plan": "pro", "seats": 3, "ratio": 0.5, "beta": True}
    assert created.modified_at is None and created.deleted_at is None
    assert created.avatar_url is not None and created.avatar_url.startswith("https://")
    uuid.UUID(created.id)
    uuid.UUID(created.organization_id)

    assert polar.customers.get(created.id) == created
    assert polar.customers.get_external(external_id) == created


def test_a_team_with_its_owner_may_omit_the_email(polar: Polar) -> None:
    team = polar.customers.create(
        type="team", name="Team Rocket", owner={"email": email("owner"), "name": "Jessie"}
    )
    assert isinstance(team, CustomerTeam)
    assert team.type == "team"
    assert team.email is None
    assert polar.customers.get(team.id) == team


def test_update_sets_clears_and_leaves_fields_alone(polar: Polar) -> None:
    created = polar.customers.create(email=email(), name="Before", metadata={"keep": "no"})

    updated = polar.customers.update(created.id, name=None, metadata={"tier": "gold"})
    assert updated.name is None
    assert updated.metadata == {"tier": "gold"}
    assert updated.email == created.email
    assert updated.modified_at is not None

    new_email = email("moved")
    updated = polar.customers.update(created.id, email=new_email, external_id=unique("late"))
    assert updated.email == new_email
    assert updated.email_verified is False
    assert updated.external_id is not None

    upgraded = polar.customers.update(created.id, type="team")
    assert isinstance(upgraded, CustomerTeam)


def test_update_external_and_delete_external_with_anonymize(polar: Polar) -> None:
    external_id = unique("ext")
    created = polar.customers.create(email=email(), name="Grace Hopper", external_id=external_id)

    updated = polar.customers.update_external(external_id, name="Rear Admiral Hopper", locale="en")
    assert updated.id == created.id
    assert updated.name == "Rear Admiral Hopper"
    assert updated.locale == "en"

    assert polar.customers.delete_external(external_id, anonymize=True) is None
    with pytest.raises(ResourceNotFound):
        polar.customers.get(created.id)
    with pytest.raises(ResourceNotFound):
        polar.customers.get_external(external_id)


def test_delete_by_id_frees_the_email(polar: Polar) -> None:
    address = email()
    first = polar.customers.create(email=address)
    assert polar.customers.delete(first.id) is None
    with pytest.raises(ResourceNotFound) as not_found:
        polar.customers.delete(first.id)
    assert not_found.value.status_code == 404
    assert not_found.value.error.error == "ResourceNotFound"
    assert polar.customers.create(email=address).id != first.id


def test_list_filters_sorts_and_pages(polar: Polar) -> None:
    tag = unique("list")
    made = [
        polar.customers.create(email=email(tag), name=f"{tag} {letter}", metadata={"tag": tag, "n": n})
        for n, letter in enumerate("cab")
    ]

    page = polar.customers.list(query=tag.upper(), sorting=["name"], limit=2)
    assert page.pagination.total_count == 3
    assert page.pagination.max_page == 2
    assert [c.name for c in page.items] == [f"{tag} a", f"{tag} b"]

    newest_first = list(polar.customers.iter_list(metadata={"tag": tag}, limit=1))
    assert [c.id for c in newest_first] == [c.id for c in reversed(made)]

    by_value = polar.customers.list(metadata={"tag": tag, "n": [0, 2]}, sorting=["created_at"])
    assert [c.id for c in by_value.items] == [made[0].id, made[2].id]

    exact = polar.customers.list(email=made[1].email.upper())
    assert [c.id for c in exact.items] == [made[1].id]

    organization = made[0].organization_id
    assert polar.customers.list(query=tag, organization_id=organization).pagination.total_count == 3


def test_export_is_csv_of_live_customers(polar: Polar) -> None:
    kept = polar.customers.create(email=email("kept"), name="Kept", metadata={"x": 1})
    gone = polar.customers.create(email=email("gone"))
    polar.customers.delete(gone.id)

    rows = list(csv.reader(io.StringIO(polar.customers.export())))
    assert rows[0][:3] == ["ID", "External ID", "Created At"]
    ids = {row[0] for row in rows[1:]}
    assert kept.id in ids and gone.id not in ids


def test_validation_errors_are_typed_with_pydantic_details(polar: Polar) -> None:
    taken = polar.customers.create(email=email(), external_id=unique("ext"))
    with pytest.raises(HTTPValidationError) as invalid:
        polar.customers.create(email=taken.email.upper(), external_id=taken.external_id)
    assert invalid.value.status_code == 422
    assert [(e.loc, e.type) for e in invalid.value.error.detail] == [
        (["body", "email"], "value_error"),
        (["body", "external_id"], "value_error"),
    ]

    with pytest.raises(HTTPValidationError) as invalid:
        polar.customers.create(email="not-an-email")
    assert invalid.value.error.detail[0].loc == ["body", "individual", "email"]

    with pytest.raises(HTTPValidationError) as invalid:
        polar.customers.list(limit=0)
    assert invalid.value.error.detail[0].loc == ["query", "limit"]
    assert invalid.value.error.detail[0].type == "greater_than"

    with pytest.raises(HTTPValidationError) as invalid:
        polar.customers.get("not-a-uuid")
    assert invalid.value.error.detail[0].loc == ["path", "id"]


def test_unknown_customers_are_resource_not_found(polar: Polar) -> None:
    with pytest.raises(ResourceNotFound) as missing:
        polar.customers.get(str(uuid.uuid4()))
    assert missing.value.error.detail == "Not found"
    with pytest.raises(ResourceNotFound):
        polar.customers.update_external(unique("nobody"), name="x")
    with pytest.raises(ResourceNotFound):
        polar.customers.delete_external(unique("nobody"))


def test_tokens_and_scopes() -> None:
    with Polar("polar_oat_not_a_real_token", base_url=BASE_URL, timeout=60) as stranger:
        with pytest.raises(PolarClientError) as unauthorized:
            stranger.customers.list()
    assert unauthorized.value.status_code == 401

    with Polar(READ_TOKEN, base_url=BASE_URL, timeout=60) as reader:
        assert reader.customers.list(limit=1).pagination.total_count >= 0
        with pytest.raises(PolarClientError) as forbidden:
            reader.customers.create(email=email())
    assert forbidden.value.status_code == 403
    assert '"insufficient_scope"' in forbidden.value.error


@pytest.mark.parametrize("client_class", [Polar202604, Polar, Polar202701])
def test_every_api_version_client_of_the_sdk_works(client_class) -> None:
    with client_class(TOKEN, base_url=BASE_URL) as client:
        created = client.customers.create(email=email(client_class.version))
        assert client.customers.get(created.id).id == created.id


def test_the_async_client_works_concurrently() -> None:
    async def scenario() -> None:
        async with PolarAsync(TOKEN, base_url=BASE_URL) as client:
            tag = unique("async")
            created = await asyncio.gather(
                *(client.customers.create(email=email(tag), metadata={"tag": tag}) for _ in range(8))
            )
            listed = await client.customers.list(metadata={"tag": tag}, limit=100)
            assert {c.id for c in listed.items} == {c.id for c in created}

    asyncio.run(scenario())


def test_state_by_id_and_external_id(polar: Polar) -> None:
    from polar.v2026_10.outputs import CustomerStateIndividual

    external_id = unique("state")
    created = polar.customers.create(email=email("state"), external_id=external_id, metadata={"k": "v"})
    state = polar.customers.get_state(created.id)
    assert isinstance(state, CustomerStateIndividual)
    assert state.id == created.id and state.metadata == {"k": "v"}
    assert state.active_subscriptions == [] and state.granted_benefits == []
    # Polar opens every live meter of the organization for a new customer, at zero.
    assert {m.meter_id for m in state.active_meters} == {m.id for m in polar.meters.list(limit=100).items}
    assert all((m.consumed_units, m.credited_units, m.balance) == (0, 0, 0) for m in state.active_meters)
    assert polar.customers.get_state_external(external_id) == state
    polar.customers.delete(created.id)
    with pytest.raises(ResourceNotFound):
        polar.customers.get_state(created.id)
