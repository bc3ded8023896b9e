"""The server's own OpenAPI document, checked against the live server.

Fetches `GET {POLAR_BASE_URL}/openapi.json`, then drives every operation it lists with raw HTTP
(httpx; no SDK), through success and every documented error status. For each response:

  (a) the status code is one the document lists for that operation;
  (b) a JSON body validates against that status's response schema (JSON Schema 2020-12, refs
      resolved inside the document, formats `uuid4`, `date-time` and `email` checked), a body-less
      response has no body, and the headers the document marks as required are present;
  (c) the body has no keys the document does not describe (every object schema is closed).

Finally every path+method and every documented status of every operation must have been seen,
so the document cannot promise something the server does not do.

Environment:
  POLAR_BASE_URL          e.g. http://127.0.0.1:18081
  POLAR_TOKEN             organization access token with every scope
  POLAR_READ_TOKEN        organization access token with only `customers:read`
  POLAR_NOSCOPE_TOKEN     optional: a token with no customers scope, to reach 403 on read operations

Run:  pip install -r requirements-openapi.txt && pytest test_openapi_contract.py
"""

from __future__ import annotations

import copy
import dataclasses
import http.client
import json
import os
import re
import urllib.parse
import uuid
import warnings
from typing import Any, Callable

import httpx
import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

BASE_URL = os.environ.get("POLAR_BASE_URL", "").rstrip("/")
TOKEN = os.environ.get("POLAR_TOKEN", "")
READ_TOKEN = os.environ.get("POLAR_READ_TOKEN", "")
NOSCOPE_TOKEN = os.environ.get("POLAR_NOSCOPE_TOKEN", "")

if not (BASE_URL and TOKEN and READ_TOKEN):
    pytest.skip(
        "set POLAR_BASE_URL, POLAR_TOKEN and POLAR_READ_TOKEN to run the OpenAPI contract test",
        allow_module_level=True,
    )

DEFAULT_VERSION = "2026-04"
BAD_VERSION = "1999-01"
INVALID_TOKEN = "polar_oat_nope"

# The nine operations this document must describe, with a request path for each template.
OPERATIONS = {
    "customers:list": ("get", "/v1/customers/"),
    "customers:create": ("post", "/v1/customers/"),
    "customers:export": ("get", "/v1/customers/export"),
    "customers:get": ("get", "/v1/customers/{id}"),
    "customers:update": ("patch", "/v1/customers/{id}"),
    "customers:delete": ("delete", "/v1/customers/{id}"),
    "customers:get_external": ("get", "/v1/customers/external/{external_id}"),
    "customers:update_external": ("patch", "/v1/customers/external/{external_id}"),
    "customers:delete_external": ("delete", "/v1/customers/external/{external_id}"),
}
READ_OPERATIONS = {"customers:list", "customers:export", "customers:get", "customers:get_external"}
BODY_OPERATIONS = {"customers:create", "customers:update", "customers:update_external"}

# --------------------------------------------------------------------------------------------
# The document as a JSON Schema registry
# --------------------------------------------------------------------------------------------

DOC_URI = "urn:polar-server:openapi"
CLOSED_URI = "urn:polar-server:openapi-closed"

FORMATS = jsonschema.FormatChecker(formats=())
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")


@FORMATS.checks("uuid4", raises=ValueError)
def _is_uuid4(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    parsed = uuid.UUID(value)
    return parsed.version == 4 and str(parsed) == value


@FORMATS.checks("date-time")
def _is_date_time(value: Any) -> bool:
    return not isinstance(value, str) or RFC3339.match(value) is not None


@FORMATS.checks("email")
def _is_email(value: Any) -> bool:
    return not isinstance(value, str) or ("@" in value and not value.startswith("@") and not value.endswith("@"))


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors worth showing for a failed oneOf/anyOf: those of the branch the instance was
    evidently meant for (no `const` mismatch, e.g. on the `type` discriminator, and the fewest
    errors), descending recursively."""
    if not error.context:
        return [error]
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    candidates = [errs for errs in branches.values() if not any(e.validator == "const" for e in errs)]
    if not candidates:
        return [error]
    chosen = min(candidates, key=len)
    return [leaf for sub in chosen for leaf in _leaf_errors(sub)]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _closed(document: dict) -> dict:
    """A copy whose object schemas refuse keys they do not describe."""
    closed = copy.deepcopy(document)
    for schema in closed.get("components", {}).get("schemas", {}).values():
        if isinstance(schema, dict) and "properties" in schema and "additionalProperties" not in schema:
            schema["unevaluatedProperties"] = False
    return closed


class Contract:
    def __init__(self, document: dict):
        self.document = document
        self.registry = Registry().with_resources(
            [
                (DOC_URI, DRAFT202012.create_resource(document)),
                (CLOSED_URI, DRAFT202012.create_resource(_closed(document))),
            ]
        )
        self.operations: dict[str, tuple[str, str, dict]] = {}
        for path, item in document.get("paths", {}).items():
            for method, op in item.items():
                # This contract drives the organization customers operations; the rest of the
                # document is fuzzed by scripts/fuzz.sh and checked against the router in Swift.
                if method in {"get", "put", "post", "delete", "options", "head", "patch", "trace"} and op["operationId"] in OPERATIONS:
                    self.operations[op["operationId"]] = (path, method, op)

    def resolve(self, node: dict, pointer: str) -> tuple[dict, str]:
        """Follows local `$ref`s; returns the target and its JSON pointer."""
        while "$ref" in node:
            target = node["$ref"]
            assert target.startswith("#/"), f"only local references are supported: {target}"
            pointer = target[1:]
            node = self.document
            for token in pointer.split("/")[1:]:
                node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, pointer

    def schema_errors(self, pointer: str, instance: Any, closed: bool = False) -> list[str]:
        uri = (CLOSED_URI if closed else DOC_URI) + "#" + urllib.parse.quote(pointer, safe="/~")
        validator = jsonschema.Draft202012Validator({"$ref": uri}, registry=self.registry, format_checker=FORMATS)
        found = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
            for leaf in _leaf_errors(error):
                where = "/".join(map(str, leaf.absolute_path)) or "<root>"
                message = leaf.message if len(leaf.message) <= 300 else leaf.message[:300] + "..."
                found.append(f"{where}: {message}")
        return found

    def documented_statuses(self, op_id: str) -> set[str]:
        return set(self.operations[op_id][2].get("responses", {}))

    def problems(self, exchange: "Exchange") -> list[str]:
        """Everything about one response that the document does not allow."""
        if exchange.op_id not in self.operations:
            return [f"operation {exchange.op_id} is not in the document"]
        path, method, op = self.operations[exchange.op_id]
        op_pointer = f"/paths/{_escape(path)}/{method}"
        responses = op.get("responses", {})
        status = str(exchange.status)
        if status in responses:
            key = status
        elif "default" in responses:
            key = "default"
        else:
            return [f"status {status} is not documented for {exchange.op_id} (documented: {sorted(responses)})"]
        response, pointer = self.resolve(responses[key], f"{op_pointer}/responses/{key}")

        found = []
        for name, header in response.get("headers", {}).items():
            header, header_pointer = self.resolve(header, f"{pointer}/headers/{_escape(name)}")
            value = exchange.headers.get(name)
            if value is None:
                if header.get("required"):
                    found.append(f"required header {name} is missing")
                continue
            if "schema" in header:
                found += [f"header {name}: {e}" for e in self.schema_errors(f"{header_pointer}/schema", value)]

        content = response.get("content")
        if not content:
            if exchange.body:
                found.append(f"the document describes no body, got {exchange.body[:200]!r}")
            return found
        content_type = exchange.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        if media not in content:
            return found + [f"content type {content_type!r} is not documented (documented: {sorted(content)})"]
        schema_pointer = f"{pointer}/content/{_escape(media)}/schema"
        if media == "application/json" or media.endswith("+json"):
            try:
                body = json.loads(exchange.body)
            except ValueError as error:
                return found + [f"body is not JSON ({error}): {exchange.body[:200]!r}"]
            errors = self.schema_errors(schema_pointer, body)
            found += [f"schema: {e}" for e in errors]
            if not errors:
                found += [f"undocumented key: {e}" for e in self.schema_errors(schema_pointer, body, closed=True)]
        else:
            try:
                text = exchange.body.decode("utf-8")
            except UnicodeDecodeError as error:
                return found + [f"body is not UTF-8 text: {error}"]
            found += [f"schema: {e}" for e in self.schema_errors(schema_pointer, text)]
        return found


# --------------------------------------------------------------------------------------------
# Exchanges and scenarios
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Exchange:
    op_id: str
    method: str
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    expected: int
    sent_version: str | None
    check: Callable[["Exchange"], None] | None = None

    def json(self) -> Any:
        return json.loads(self.body)

    def describe(self) -> str:
        text = self.body[:2000].decode("utf-8", "replace")
        return f"{self.method.upper()} {self.url} -> {self.status}\n{text}"


class Driver:
    def __init__(self, client: httpx.Client):
        self.client = client
        self.run = uuid.uuid4().hex
        self.state: dict[str, Any] = {}
        self.created: list[str] = []

    @staticmethod
    def path(op_id: str, **params: str) -> str:
        template = OPERATIONS[op_id][1]
        for name, value in params.items():
            template = template.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
        assert "{" not in template, f"missing path parameter for {template}"
        return template

    def call(
        self,
        op_id: str,
        expected: int,
        *,
        token: str | None = TOKEN,
        version: str | None = None,
        params: Any = None,
        json_body: Any = None,
        content: Any = None,
        check: Callable[[Exchange], None] | None = None,
        **path_params: str,
    ) -> Exchange:
        method = OPERATIONS[op_id][0]
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if version is not None:
            headers["Polar-Version"] = version
        kwargs: dict[str, Any] = {"headers": headers, "params": params}
        if json_body is not None:
            kwargs["json"] = json_body
        if content is not None:
            headers["Content-Type"] = "application/json"
            kwargs["content"] = content
        response = self.client.request(method.upper(), self.path(op_id, **path_params), **kwargs)
        return Exchange(
            op_id, method, str(response.request.url), response.status_code, response.headers, response.content,
            expected, version, check,
        )

    def call_declaring_length(self, op_id: str, expected: int, length: int, **path_params: str) -> Exchange:
        """Sends only a request head that announces `length` body bytes (the body never follows)."""
        method = OPERATIONS[op_id][0].upper()
        url = urllib.parse.urlsplit(BASE_URL)
        connection_type = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        connection = connection_type(url.hostname, url.port, timeout=30)
        path = url.path.rstrip("/") + self.path(op_id, **path_params)
        try:
            connection.putrequest(method, path)
            connection.putheader("Authorization", f"Bearer {TOKEN}")
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", str(length))
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
            headers = httpx.Headers(response.getheaders())
            return Exchange(op_id, method.lower(), BASE_URL + path, response.status, headers, body, expected, None)
        finally:
            connection.close()


def _error_is(code: str) -> Callable[[Exchange], None]:
    def check(exchange: Exchange) -> None:
        assert exchange.json().get("error") == code, f"expected error {code!r}"

    return check


def _detail_not_found(exchange: Exchange) -> None:
    assert exchange.json() == {"detail": "Not Found"}


def _customer(kind: str, **expected: Any) -> Callable[[Exchange], None]:
    def check(exchange: Exchange) -> None:
        body = exchange.json()
        assert body["type"] == kind
        for key, value in expected.items():
            assert body[key] == value, f"{key}: {body[key]!r} != {value!r}"

    return check


Scenario = Callable[[Driver], Exchange]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        assert name not in SCENARIOS, name
        SCENARIOS[name] = fn
        return fn

    return register


def _unknown_id() -> str:
    return str(uuid.uuid4())


def _unknown_external() -> str:
    return f"missing-{uuid.uuid4().hex}"


def _any_path_params(op_id: str) -> dict[str, str]:
    template = OPERATIONS[op_id][1]
    if "{id}" in template:
        return {"id": _unknown_id()}
    if "{external_id}" in template:
        return {"external_id": _unknown_external()}
    return {}


def _minimal_body(op_id: str) -> Any:
    return {"email": f"oas-{uuid.uuid4().hex}@example.com"} if op_id == "customers:create" else {"name": "x"} if op_id in BODY_OPERATIONS else None


# ---- success path (scenarios run in this order; later ones use what earlier ones created) ----


@scenario("create individual -> 201")
def _(d: Driver) -> Exchange:
    d.state["email_a"] = f"oas-{d.run}@example.com"
    d.state["ext_a"] = f"oas-a-{d.run}"
    ex = d.call(
        "customers:create", 201,
        json_body={
            "email": d.state["email_a"], "name": f"Ada {d.run}", "external_id": d.state["ext_a"],
            "metadata": {"suite": "openapi", "n": 3, "ratio": 0.5, "vip": True},
            "billing_address": {"country": "us", "state": "NY", "line1": "1 Main St", "city": "Albany"},
            "locale": "en_us",
        },
        check=_customer("individual", email_verified=False, modified_at=None),
    )
    if ex.status == 201:
        d.state["id_a"] = ex.json()["id"]
        d.created.append(d.state["id_a"])
    return ex


@scenario("create team with email -> 201")
def _(d: Driver) -> Exchange:
    d.state["ext_b"] = f"oas-b-{d.run}"
    ex = d.call(
        "customers:create", 201,
        json_body={"type": "team", "email": f"oas-team-{d.run}@example.com", "name": f"Team {d.run}", "external_id": d.state["ext_b"]},
        check=_customer("team"),
    )
    if ex.status == 201:
        d.created.append(ex.json()["id"])
    return ex


@scenario("create team with only an owner -> 201, email null")
def _(d: Driver) -> Exchange:
    ex = d.call(
        "customers:create", 201,
        json_body={"type": "team", "name": f"Ownerteam {d.run}", "owner": {"email": f"oas-owner-{d.run}@example.com", "name": "Owner"}},
        check=_customer("team", email=None),
    )
    if ex.status == 201:
        d.state["id_c"] = ex.json()["id"]
        d.created.append(d.state["id_c"])
    return ex


@scenario("list filtered to this run -> 200")
def _(d: Driver) -> Exchange:
    def check(ex: Exchange) -> None:
        body = ex.json()
        assert body["pagination"] == {"total_count": 3, "max_page": 2}, body["pagination"]
        assert len(body["items"]) == 2

    return d.call("customers:list", 200, params={"query": d.run, "sorting": ["name", "-created_at"], "limit": 2}, check=check)


@scenario("list with every filter, Polar-Version 2026-10 -> 200")
def _(d: Driver) -> Exchange:
    def check(ex: Exchange) -> None:
        assert [item["id"] for item in ex.json()["items"]] == [d.state.get("id_a")]

    params = [
        ("email", d.state.get("email_a", "").upper()), ("active", "false"), ("page", "1"), ("limit", "500"),
        ("metadata[suite]", "openapi"), ("metadata[n]", "3"), ("sorting", "-email"),
    ]
    return d.call("customers:list", 200, version="2026-10", params=params, check=check)


@scenario("list with the read-only token -> 200")
def _(d: Driver) -> Exchange:
    return d.call("customers:list", 200, token=READ_TOKEN, params={"query": d.run})


@scenario("get by id -> 200")
def _(d: Driver) -> Exchange:
    return d.call(
        "customers:get", 200, id=d.state.get("id_a", _unknown_id()),
        check=_customer("individual", external_id=d.state.get("ext_a")),
    )


@scenario("get by external id -> 200")
def _(d: Driver) -> Exchange:
    return d.call("customers:get_external", 200, external_id=d.state.get("ext_a", _unknown_external()))


@scenario("update by id (address, tax id, metadata, locale) -> 200")
def _(d: Driver) -> Exchange:
    return d.call(
        "customers:update", 200, id=d.state.get("id_a", _unknown_id()),
        json_body={
            "name": f"Ada L {d.run}", "metadata": {"suite": "openapi", "step": "patched"},
            "billing_address": {"country": "DE", "city": "Berlin", "postal_code": "10115"},
            "tax_id": "DE 136,695 976", "locale": "de",
        },
        check=_customer("individual", tax_id=["DE136695976", "eu_vat"], locale="de"),
    )


@scenario("update by id, individual to team -> 200")
def _(d: Driver) -> Exchange:
    return d.call("customers:update", 200, id=d.state.get("id_a", _unknown_id()), json_body={"type": "team"}, check=_customer("team"))


@scenario("update by external id -> 200")
def _(d: Driver) -> Exchange:
    return d.call(
        "customers:update_external", 200, external_id=d.state.get("ext_b", _unknown_external()),
        json_body={"name": f"Team B {d.run}", "locale": None},
    )


@scenario("export -> 200 text/csv")
def _(d: Driver) -> Exchange:
    def check(ex: Exchange) -> None:
        assert ex.headers["content-type"].startswith("text/csv")
        assert "attachment" in ex.headers.get("content-disposition", "")
        text = ex.body.decode("utf-8")
        assert text.startswith("ID,External ID,Created At,Email,Name,Tax ID,"), text[:200]
        assert d.state.get("id_a", "-") in text

    return d.call("customers:export", 200, check=check)


@scenario("export with the read-only token -> 200")
def _(d: Driver) -> Exchange:
    return d.call("customers:export", 200, token=READ_TOKEN)


# ---- 422 --------------------------------------------------------------------------------------


@scenario("create with an invalid email -> 422 RequestValidationError")
def _(d: Driver) -> Exchange:
    return d.call("customers:create", 422, json_body={"email": "not-an-email", "metadata": {"k": None}}, check=_error_is("RequestValidationError"))


@scenario("create with a malformed JSON body -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:create", 422, content=b'{"email": ', check=_error_is("RequestValidationError"))


@scenario("create a duplicate email and external id -> 422 PolarRequestValidationError")
def _(d: Driver) -> Exchange:
    return d.call(
        "customers:create", 422,
        json_body={"email": d.state.get("email_a", "x@example.com"), "external_id": d.state.get("ext_a", "x")},
        check=_error_is("PolarRequestValidationError"),
    )


@scenario("list with page=0 -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:list", 422, params={"page": "0", "limit": "ten", "sorting": "bogus"})


@scenario("export with a bad organization_id -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:export", 422, params={"organization_id": "not-a-uuid"})


@scenario("get with a bad uuid -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:get", 422, id="not-a-uuid")


@scenario("update with a bad uuid -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:update", 422, id="123e4567-e89b-12d3-a456-426614174000", json_body={"name": "x"})


@scenario("update by id with billing_address null -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:update", 422, id=d.state.get("id_a", _unknown_id()), json_body={"billing_address": None})


@scenario("update by external id with metadata null -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:update_external", 422, external_id=d.state.get("ext_b", _unknown_external()), json_body={"metadata": None})


@scenario("delete with a bad uuid -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:delete", 422, id="nope")


@scenario("delete by id with anonymize=maybe -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:delete", 422, id=_unknown_id(), params={"anonymize": "maybe"})


@scenario("delete by external id with anonymize=maybe -> 422")
def _(d: Driver) -> Exchange:
    return d.call("customers:delete_external", 422, external_id=_unknown_external(), params={"anonymize": "maybe"})


# ---- 404 on unknown customers -----------------------------------------------------------------

for _op in ["customers:get", "customers:update", "customers:delete"]:

    @scenario(f"{_op} on an unknown uuid4 -> 404 ResourceNotFound")
    def _(d: Driver, op=_op) -> Exchange:
        return d.call(op, 404, id=_unknown_id(), json_body=_minimal_body(op), check=_error_is("ResourceNotFound"))


for _op in ["customers:get_external", "customers:update_external", "customers:delete_external"]:

    @scenario(f"{_op} on an unknown external id -> 404 ResourceNotFound")
    def _(d: Driver, op=_op) -> Exchange:
        return d.call(op, 404, external_id=_unknown_external(), json_body=_minimal_body(op), check=_error_is("ResourceNotFound"))


# ---- every operation: 401, 401 invalid_token, 404 bad version, 403 ---------------------------

for _op in OPERATIONS:

    @scenario(f"{_op} without a token -> 401 Unauthorized")
    def _(d: Driver, op=_op) -> Exchange:
        return d.call(op, 401, token=None, json_body=_minimal_body(op), check=_error_is("Unauthorized"), **_any_path_params(op))

    @scenario(f"{_op} with an unknown token -> 401 invalid_token")
    def _(d: Driver, op=_op) -> Exchange:
        return d.call(op, 401, token=INVALID_TOKEN, json_body=_minimal_body(op), check=_error_is("invalid_token"), **_any_path_params(op))

    @scenario(f"{_op} with Polar-Version {BAD_VERSION} -> 404")
    def _(d: Driver, op=_op) -> Exchange:
        return d.call(op, 404, version=BAD_VERSION, json_body=_minimal_body(op), check=_detail_not_found, **_any_path_params(op))

    if _op in READ_OPERATIONS:

        @scenario(f"{_op} with a token without customers scopes -> 403 insufficient_scope")
        def _(d: Driver, op=_op) -> Exchange:
            if not NOSCOPE_TOKEN:
                pytest.skip("POLAR_NOSCOPE_TOKEN is not set")
            return d.call(op, 403, token=NOSCOPE_TOKEN, check=_error_is("insufficient_scope"), **_any_path_params(op))

    else:

        @scenario(f"{_op} with the read-only token -> 403 insufficient_scope")
        def _(d: Driver, op=_op) -> Exchange:
            return d.call(op, 403, token=READ_TOKEN, json_body=_minimal_body(op), check=_error_is("insufficient_scope"), **_any_path_params(op))


# ---- body transport: 411 and 413 --------------------------------------------------------------

for _op in sorted(BODY_OPERATIONS):

    @scenario(f"{_op} with a chunked body (no Content-Length) -> 411")
    def _(d: Driver, op=_op) -> Exchange:
        body = json.dumps(_minimal_body(op)).encode()
        return d.call(op, 411, content=iter([body]), check=_error_is("LengthRequired"), **_any_path_params(op))

    @scenario(f"{_op} announcing an 10 MiB + 1 byte body -> 413")
    def _(d: Driver, op=_op) -> Exchange:
        ex = d.call_declaring_length(op, 413, 10 * 1024 * 1024 + 1, **_any_path_params(op))
        ex.check = _error_is("RequestBodyTooLarge")
        return ex


# ---- deletes (last: they remove what the run created) ----------------------------------------


@scenario("delete by external id -> 204")
def _(d: Driver) -> Exchange:
    return d.call("customers:delete_external", 204, external_id=d.state.get("ext_b", _unknown_external()))


@scenario("delete by id with anonymize=true -> 204")
def _(d: Driver) -> Exchange:
    return d.call("customers:delete", 204, id=d.state.get("id_a", _unknown_id()), params={"anonymize": "true"})


@scenario("delete by id -> 204")
def _(d: Driver) -> Exchange:
    return d.call("customers:delete", 204, id=d.state.get("id_c", _unknown_id()))


@scenario("get a deleted customer -> 404")
def _(d: Driver) -> Exchange:
    return d.call("customers:get", 404, id=d.state.get("id_c", _unknown_id()), check=_error_is("ResourceNotFound"))


@scenario("get by the external id of a deleted customer -> 404")
def _(d: Driver) -> Exchange:
    return d.call("customers:get_external", 404, external_id=d.state.get("ext_a", _unknown_external()))


# --------------------------------------------------------------------------------------------
# Fixtures and tests
# --------------------------------------------------------------------------------------------

# Documented (operation, status) pairs this suite cannot reach, and why.
UNREACHABLE = {}
if not NOSCOPE_TOKEN:
    for _op in READ_OPERATIONS:
        UNREACHABLE[(_op, "403")] = "needs POLAR_NOSCOPE_TOKEN"


@pytest.fixture(scope="module")
def client():
    with httpx.Client(base_url=BASE_URL, timeout=60, follow_redirects=False) as c:
        yield c


@pytest.fixture(scope="module")
def document(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == "application/json"
    return response.json()


@pytest.fixture(scope="module")
def contract(document) -> Contract:
    return Contract(document)


@pytest.fixture(scope="module")
def exchanges(client) -> dict[str, Exchange | BaseException]:
    """Runs every scenario once, in order; a scenario that raises is recorded, not fatal."""
    driver = Driver(client)
    results: dict[str, Exchange | BaseException] = {}
    try:
        for name, run in SCENARIOS.items():
            try:
                results[name] = run(driver)
            except BaseException as error:  # noqa: BLE001 - pytest.skip is a BaseException
                if isinstance(error, KeyboardInterrupt):
                    raise
                results[name] = error
        yield results
    finally:
        for customer_id in driver.created:  # best effort, in case a delete scenario failed
            client.delete(f"/v1/customers/{customer_id}", headers={"Authorization": f"Bearer {TOKEN}"})


def test_document_is_valid_openapi_3_1(document):
    from openapi_spec_validator import validate

    assert document["openapi"].startswith("3.1."), document["openapi"]
    validate(document)


def test_document_lists_the_customer_operations(contract):
    listed = {op_id: (method, path) for op_id, (path, method, _) in contract.operations.items()}
    expected = {op_id: (method, path) for op_id, (method, path) in OPERATIONS.items()}
    assert listed == expected


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_response_matches_document(name, exchanges, contract):
    outcome = exchanges[name]
    if isinstance(outcome, BaseException):
        raise outcome
    exchange = outcome
    problems = contract.problems(exchange)
    sent = exchange.sent_version or DEFAULT_VERSION
    if exchange.headers.get("polar-version") != sent:
        problems.append(f"Polar-Version echoed as {exchange.headers.get('polar-version')!r}, sent {sent!r}")
    assert exchange.status == exchange.expected, f"expected {exchange.expected}\n{exchange.describe()}"
    assert not problems, "\n".join(problems) + "\n" + exchange.describe()
    if exchange.check is not None:
        try:
            exchange.check(exchange)
        except AssertionError as error:
            raise AssertionError(f"{error}\n{exchange.describe()}") from None


def test_every_documented_operation_and_status_is_exercised(exchanges, contract):
    seen = {(e.op_id, str(e.status)) for e in exchanges.values() if isinstance(e, Exchange)}
    seen_ops = {op_id for op_id, _ in seen}
    missing_ops = sorted(
        f"{method.upper()} {path} ({op_id})"
        for op_id, (path, method, _) in contract.operations.items()
        if op_id not in seen_ops
    )
    assert not missing_ops, f"operations never exercised: {missing_ops}"
    missing = sorted(
        (op_id, status)
        for op_id in contract.operations
        for status in contract.documented_statuses(op_id)
        if (op_id, status) not in seen and (op_id, status) not in UNREACHABLE
    )
    assert not missing, f"documented statuses never produced by the server: {missing}"
    skipped = sorted(pair for pair in UNREACHABLE if pair not in seen)
    if skipped:
        warnings.warn(f"documented statuses not exercised: {[(p, UNREACHABLE[p]) for p in skipped]}")
