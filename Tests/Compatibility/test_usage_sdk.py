"""Meters, events, benefits and the customer meters in state through polar-sdk, unchanged:
every response must deserialize into the SDK's own types (see test_customers_sdk.py)."""

from __future__ import annotations

import pytest
from sdk_support import email, require_server, unique

from polar.v2026_10 import Polar
from polar.v2026_10.errors import HTTPValidationError, ResourceNotFound
from polar.v2026_10.outputs import (
    BenefitCustom,
    BenefitFeatureFlag,
    BenefitMeterCredit,
    CustomerStateIndividual,
    Meter,
)

require_server()


def test_meter_events_and_state(polar: Polar) -> None:
    external_id = unique("usage")
    customer = polar.customers.create(email=email("usage"), external_id=external_id)
    meter = polar.meters.create(
        name=unique("tokens"),
        filter={"conjunction": "and", "clauses": [{"property": "name", "operator": "eq", "value": "llm"}]},
        aggregation={"func": "sum", "property": "metadata.tokens"},
    )
    assert isinstance(meter, Meter)
    assert meter.aggregation.property == "tokens" and meter.unit == "scalar"
    assert polar.meters.get(meter.id) == meter
    assert meter.id in [m.id for m in polar.meters.list().items]

    result = polar.events.ingest(
        events=[
            {"name": "llm", "customer_id": customer.id, "metadata": {"tokens": 30}, "external_id": unique("e")},
            {"name": "llm", "external_customer_id": external_id, "metadata": {"tokens": 12}},
            {"name": "other", "customer_id": customer.id, "metadata": {"tokens": 99}},
        ]
    )
    assert result.inserted == 3 and result.duplicates == 0

    state = polar.customers.get_state(customer.id)
    assert isinstance(state, CustomerStateIndividual)
    assert state.first_user_event_at is not None
    [usage] = [m for m in state.active_meters if m.meter_id == meter.id]
    assert all(m.consumed_units == 0 for m in state.active_meters if m.meter_id != meter.id)
    assert usage.consumed_units == 42 and usage.credited_units == 0 and usage.balance == -42
    assert polar.customers.get_state_external(external_id) == state

    with pytest.raises(HTTPValidationError) as raised:
        polar.events.ingest(events=[{"name": "llm", "customer_id": "8b0ef2a4-2a1c-4d2e-9a43-7c1f0e6b1c55"}])
    assert raised.value.status_code == 422
    assert [(e.loc, e.msg) for e in raised.value.error.detail] == [(["body", "events", 0, "customer_id"], "Customer not found.")]


def test_benefits(polar: Polar) -> None:
    meter = polar.meters.create(
        name=unique("calls"),
        filter={"conjunction": "and", "clauses": [{"property": "name", "operator": "eq", "value": unique("credited")}]},
        aggregation={"func": "count"},
    )
    custom = polar.benefits.create(type="custom", description="Support", properties={"note": "Write us"})
    flag = polar.benefits.create(type="feature_flag", description="Beta", properties={}, metadata={"k": "v"})
    credit = polar.benefits.create(
        type="meter_credit", description="Credits", properties={"units": 100, "rollover": True, "meter_id": meter.id}
    )
    assert isinstance(custom, BenefitCustom) and custom.properties.note == "Write us"
    assert isinstance(flag, BenefitFeatureFlag) and flag.visibility == "private"
    assert isinstance(credit, BenefitMeterCredit) and credit.properties.units == 100
    assert polar.benefits.get(credit.id) == credit
    listed = [b.id for b in polar.benefits.list().items]
    assert {custom.id, flag.id, credit.id} <= set(listed)
    with pytest.raises(ResourceNotFound):
        polar.benefits.get("8b0ef2a4-2a1c-4d2e-9a43-7c1f0e6b1c55")
