"""The rest of the served API for scripts/generate-openapi.py: every route beyond the organization
customers operations (which generate-openapi.py writes by hand).

Wire facts (paths, operation IDs, parameters, request and response schemas, scopes) come from
Polar's full OpenAPI document for API version 2026-10 (`docs/openapi/2026-10.openapi.json` in
polarsource/polar; pass --full-reference or POLAR_FULL_OPENAPI). As for the customers part, every
description, title, example and vendor extension is dropped; the summaries, response texts and
the test-clock schemas (an extension of this server, not Polar's) are this script's own.
"""

import copy
import json
import re

SCHEMA_REF = "#/components/schemas/"

# Every route served beyond the hand-written customers operations, as (method, Polar's path).
# OpenAPIDocumentTests checks this list (with the customers part) against the router.
SERVED = [
    ("get", "/v1/customers/{id}/state"),
    ("get", "/v1/customers/external/{external_id}/state"),
    ("get", "/v1/customers/{id}/payment-methods"),
    ("get", "/v1/customers/external/{external_id}/payment-methods"),
    ("post", "/v1/customer-sessions/"),
    ("get", "/v1/customer-portal/customers/me"),
    ("patch", "/v1/customer-portal/customers/me"),
    ("get", "/v1/customer-portal/customers/me/payment-methods"),
    ("post", "/v1/customer-portal/customers/me/payment-methods"),
    ("post", "/v1/customer-portal/customers/me/payment-methods/confirm"),
    ("delete", "/v1/customer-portal/customers/me/payment-methods/{id}"),
    ("post", "/v1/customer-portal/customers/me/email-update/request"),
    ("get", "/v1/customer-portal/customers/me/email-update/check"),
    ("post", "/v1/customer-portal/customers/me/email-update/verify"),
    ("get", "/v1/customer-portal/customer-session/introspect"),
    ("get", "/v1/customer-portal/customer-session/user"),
    ("get", "/v1/customer-portal/subscriptions/"),
    ("get", "/v1/customer-portal/subscriptions/{id}"),
    ("patch", "/v1/customer-portal/subscriptions/{id}"),
    ("delete", "/v1/customer-portal/subscriptions/{id}"),
    ("get", "/v1/customer-portal/benefit-grants/"),
    ("get", "/v1/customer-portal/benefit-grants/{id}"),
    ("patch", "/v1/customer-portal/benefit-grants/{id}"),
    ("get", "/v1/customer-portal/meters/"),
    ("get", "/v1/customer-portal/meters/{id}"),
    ("get", "/v1/customer-portal/organizations/{slug}"),
    ("get", "/v1/customer-meters/"),
    ("get", "/v1/customer-meters/{id}"),
    ("get", "/v1/meters/"),
    ("post", "/v1/meters/"),
    ("get", "/v1/meters/{id}"),
    ("patch", "/v1/meters/{id}"),
    ("get", "/v1/meters/{id}/quantities"),
    ("get", "/v1/events/"),
    ("get", "/v1/events/names"),
    ("get", "/v1/events/{id}"),
    ("post", "/v1/events/ingest"),
    ("get", "/v1/benefits/"),
    ("post", "/v1/benefits/"),
    ("get", "/v1/benefits/{id}"),
    ("patch", "/v1/benefits/{id}"),
    ("delete", "/v1/benefits/{id}"),
    ("get", "/v1/benefits/{id}/grants"),
    ("get", "/v1/benefit-grants/"),
    ("get", "/v1/products/"),
    ("post", "/v1/products/"),
    ("get", "/v1/products/{id}"),
    ("patch", "/v1/products/{id}"),
    ("post", "/v1/products/{id}/benefits"),
    ("get", "/v1/subscriptions/"),
    ("post", "/v1/subscriptions/"),
    ("get", "/v1/subscriptions/export"),
    ("get", "/v1/subscriptions/{id}"),
    ("patch", "/v1/subscriptions/{id}"),
    ("delete", "/v1/subscriptions/{id}"),
    ("get", "/v1/organizations/{id}"),
    ("patch", "/v1/organizations/{id}"),
    ("get", "/v1/webhooks/endpoints"),
    ("post", "/v1/webhooks/endpoints"),
    ("get", "/v1/webhooks/endpoints/{id}"),
    ("patch", "/v1/webhooks/endpoints/{id}"),
    ("delete", "/v1/webhooks/endpoints/{id}"),
    ("patch", "/v1/webhooks/endpoints/{id}/secret"),
    ("get", "/v1/webhooks/deliveries"),
    ("post", "/v1/webhooks/events/{id}/redeliver"),
]

# The email-change routes answer what Polar's document leaves out: 429 from their rate limit
# (6 a minute, 12 an hour per caller) and, for a request, 403 where the organization does not
# allow email changes.
_RATE_LIMITED = {"$ref": "#/components/responses/RateLimited"}
EXTRA_RESPONSES = {
    ("post", "/v1/customer-portal/customers/me/email-update/request"): {
        "403": {"description": "The organization does not let customers change their email.",
                "content": {"application/json": {"schema": {"$ref": SCHEMA_REF + "NotPermitted"}}}},
        "429": _RATE_LIMITED,
    },
    ("get", "/v1/customer-portal/customers/me/email-update/check"): {"429": _RATE_LIMITED},
    ("post", "/v1/customer-portal/customers/me/email-update/verify"): {"429": _RATE_LIMITED},
}

# What each status means, in this document's words.
STATUS_TEXT = {
    "200": "Success.",
    "201": "Created.",
    "202": "Accepted: the work continues in the background.",
    "204": "Done; no body.",
    "400": "The request cannot be carried out as it stands.",
    "401": "Not authenticated, or the token or link is invalid or expired.",
    "402": "Payment needed.",
    "403": "Not allowed for this subject or resource.",
    "404": "Not found, or it belongs to another organization.",
    "409": "In conflict with the resource's current state.",
    "422": "The input is invalid; every error is listed at its location.",
}

SECURITY_SCHEMES = {
    "customer_session": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "polar_cst_...",
        "description": "Customer session token, made by `POST /v1/customer-sessions/`: the customer portal acts as that customer.",
    }
}

# The test clocks: this server's own extension (see the README's "Billing in time").
TEST_CLOCK_SCHEMAS = {
    "TestClock": {
        "type": "object",
        "properties": {
            "created_at": {"type": "string", "format": "date-time"},
            "modified_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            "id": {"type": "string", "format": "uuid"},
            "name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "frozen_time": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": ["ready", "advancing"]},
        },
        "required": ["created_at", "modified_at", "id", "name", "frozen_time", "status"],
        "description": "A test clock: the time its customers live in, moved forward on demand.",
    },
    "TestClockCreate": {
        "type": "object",
        "properties": {
            "frozen_time": {
                "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}],
                "description": "Where the clock starts, with a time zone; now when absent.",
            },
            "name": {"anyOf": [{"type": "string", "maxLength": 256}, {"type": "null"}]},
        },
    },
    "TestClockAdvance": {
        "type": "object",
        "properties": {
            "frozen_time": {
                "type": "string",
                "format": "date-time",
                "description": "The time to move to, with a time zone; not before the clock's.",
            }
        },
        "required": ["frozen_time"],
    },
    "ListResource_TestClock_": {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": SCHEMA_REF + "TestClock"}},
            "pagination": {"$ref": SCHEMA_REF + "Pagination"},
        },
        "required": ["items", "pagination"],
    },
}


def _json(schema, text):
    return {"description": text, "content": {"application/json": {"schema": schema}}}


def _clock_id():
    return {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}


def _clock_paths():
    clock = {"$ref": SCHEMA_REF + "TestClock"}
    read = [{"oat": ["subscriptions:read", "subscriptions:write"]}]
    write = [{"oat": ["subscriptions:write"]}]
    invalid = {"$ref": "#/components/responses/ValidationFailed"}
    missing = {"$ref": "#/components/responses/NotFound"}

    def op(op_id, summary, security, parameters, responses, body=None):
        operation = {
            "tags": ["test_clocks"],
            "operationId": op_id,
            "summary": summary,
            "security": security,
            "parameters": [{"$ref": "#/components/parameters/PolarVersion"}] + parameters,
            "responses": dict(sorted({
                "404": {"$ref": "#/components/responses/VersionNotFound"}, **responses,
                "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
            }.items())),
        }
        if body:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": SCHEMA_REF + body}}}}
        return operation

    pages = [
        {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "exclusiveMinimum": 0, "default": 1}},
        {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "exclusiveMinimum": 0, "default": 10}},
    ]
    return {
        "/v1/test-clocks/": {
            "get": op("test_clocks:list", "List test clocks", read, pages,
                      {"200": _json({"$ref": SCHEMA_REF + "ListResource_TestClock_"}, STATUS_TEXT["200"]), "422": invalid}),
            "post": op("test_clocks:create", "Create a test clock", write, [],
                       {"201": _json(clock, STATUS_TEXT["201"]), "422": invalid}, body="TestClockCreate"),
        },
        "/v1/test-clocks/{id}": {
            "get": op("test_clocks:get", "Get a test clock", read, [_clock_id()],
                      {"200": _json(clock, STATUS_TEXT["200"]), "404": missing, "422": invalid}),
            "delete": op("test_clocks:delete", "Delete a test clock and its customers", write, [_clock_id()],
                         {"204": {"description": STATUS_TEXT["204"]}, "404": missing, "422": invalid}),
        },
        "/v1/test-clocks/{id}/advance": {
            "post": op("test_clocks:advance", "Advance a test clock, running what falls due", write, [_clock_id()],
                       {"200": _json(clock, STATUS_TEXT["200"]), "404": missing, "422": invalid}, body="TestClockAdvance"),
        },
    }


def _summary(operation_id):
    """`customer_portal:subscriptions:update` → `Customer portal, subscriptions: update`."""
    parts = [part.replace("_", " ").replace("-", " ") for part in operation_id.split(":")]
    head = ", ".join(parts[:-1])
    return (head[:1].upper() + head[1:] + ": " + parts[-1]) if head else parts[-1].capitalize()


def _security(requirements):
    kept = []
    for requirement in requirements:
        for scheme, scopes in requirement.items():
            if scheme in ("oat", "customer_session"):
                kept.append({scheme: scopes})
    return kept


def _operation(source, strip_prose):
    operation = {
        "tags": [source["operationId"].split(":")[0]],
        "operationId": source["operationId"],
        "summary": _summary(source["operationId"]),
    }
    security = _security(source.get("security", []))
    if security:
        operation["security"] = security
    operation["parameters"] = [{"$ref": "#/components/parameters/PolarVersion"}] + [
        strip_prose(parameter) for parameter in source.get("parameters", [])
    ]
    if "requestBody" in source:
        operation["requestBody"] = strip_prose(source["requestBody"])
    responses = {}
    for status, response in source["responses"].items():
        copied = {"description": STATUS_TEXT.get(status, "See the status code.")}
        if "content" in response:
            copied["content"] = strip_prose(response["content"])
        responses[status] = copied
    if security:
        responses.setdefault("401", {"$ref": "#/components/responses/Unauthorized"})
    if any("oat" in requirement for requirement in security):
        responses.setdefault("403", {"$ref": "#/components/responses/Forbidden"})
    if "422" in responses:
        responses["422"] = {"$ref": "#/components/responses/ValidationFailed"}
    # A `Polar-Version` this server does not speak is a bare 404 on every route.
    responses["404"] = {"$ref": "#/components/responses/" + ("NotFound" if "404" in responses else "VersionNotFound")}
    operation["responses"] = dict(sorted(responses.items()))
    return operation


def extend(document, full_reference, strip_prose):
    """Adds every route of SERVED (copied from `full_reference`) and the test clocks to
    `document`, with every schema they reach that the document lacks."""
    paths = document["paths"]
    for method, path in SERVED:
        source = full_reference["paths"][path][method]
        operation = _operation(source, strip_prose)
        operation["responses"] = dict(sorted({**operation["responses"], **EXTRA_RESPONSES.get((method, path), {})}.items()))
        paths.setdefault(path, {})[method] = operation
    paths.update(_clock_paths())

    schemas = document["components"]["schemas"]
    schemas.update(copy.deepcopy(TEST_CLOCK_SCHEMAS))
    pending = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        schemas[name] = strip_prose(full_reference["components"]["schemas"][name])
        pending |= set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schemas[name])))
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    document["components"]["securitySchemes"].update(SECURITY_SCHEMES)
    document["components"]["responses"]["Forbidden"] = _json(
        {"$ref": SCHEMA_REF + "InsufficientScopeError"}, "The token holds none of the operation's scopes.")
    document["components"]["responses"]["RateLimited"] = {
        "description": "Too many requests from this caller: wait the seconds `Retry-After` says. No body.",
        "headers": {"Retry-After": {"required": True, "schema": {"type": "integer"}}},
    }
    document["components"]["responses"]["NotFound"] = _json(
        {"oneOf": [{"$ref": SCHEMA_REF + "ResourceNotFound"}, {"$ref": SCHEMA_REF + "RouteNotFound"}]},
        "Not found, or another organization's (`ResourceNotFound`), or an unsupported `Polar-Version` header "
        "(`{\"detail\":\"Not Found\"}`).")
    tags = {tag for item in paths.values() for operation in item.values() for tag in operation.get("tags", [])}
    known = {tag["name"] for tag in document["tags"]}
    document["tags"] += [{"name": tag} for tag in sorted(tags - known)]
