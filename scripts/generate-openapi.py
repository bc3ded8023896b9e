#!/usr/bin/env python3
"""Writes Sources/PolarServer/Resources/openapi.json, the document served at GET /openapi.json.

    python3 scripts/generate-openapi.py            # rewrite the document
    python3 scripts/generate-openapi.py --check    # exit 1 if the checked-in document is stale

Wire facts (schema shapes, field names, types, nullability, enums, operation IDs, parameter
names) are taken from the extract of Polar's own OpenAPI document, by default
/work/shared/reference/polar-openapi-customers.json (override with --reference or the
POLAR_OPENAPI_REFERENCE environment variable). Everything written for people (summaries,
descriptions, examples) is this script's own: every `description`, `title`, `examples` and
vendor extension (`x-...`) in the copied schemas is dropped first, then our text is added.

Where Polar's running service differs from its own document, this document follows the running
service (see customers.md in the reference folder): 422 bodies carry `error`, 401/403 bodies and
headers are described, every customer key is always present, a bad Polar-Version is a 404.

Output: JSON, 2-space indent, UTF-8, trailing newline. Key order is fixed by this script (the
copied schemas keep the extract's key order, components are sorted by name), so running it twice
gives identical bytes.
"""

import argparse
import copy
import json
import os
import pathlib
import sys

import openapi_surface

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Sources" / "PolarServer" / "Resources" / "openapi.json"
DEFAULT_REFERENCE = "/work/shared/reference/polar-openapi-customers.json"
# Extract it with: git -C <polarsource/polar clone> show HEAD:docs/openapi/2026-10.openapi.json
DEFAULT_FULL_REFERENCE = "/tmp/polardocs/2026-10.openapi.json"

SCHEMA_REF = "#/components/schemas/"

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def ref(name):
    return {"$ref": SCHEMA_REF + name}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


# Keys that carry prose (or vendor data) in Polar's schemas; removed before our text is added.
PROSE_KEYS = {"description", "title", "examples", "example", "summary"}
# Titles that name a type rather than describe a field: generated clients use them for type names.
KEPT_TYPE_TITLES = {"CountryAlpha2", "CountryAlpha2Input"}


def strip_prose(node):
    """A deep copy of `node` without descriptions, titles, examples or x- extensions.

    Walks schema keywords only, so a property that happens to be called `title` or
    `description` would survive (none of the copied schemas has one)."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-"):
            continue
        if key in PROSE_KEYS and not (key == "title" and value in KEPT_TYPE_TITLES):
            continue
        if key == "properties":
            out[key] = {name: strip_prose(sub) for name, sub in value.items()}
        else:
            out[key] = strip_prose(value)
    return out


def describe(schema, text):
    """A copy of `schema` with our description. Beside a `$ref` this is allowed in OpenAPI 3.1
    (JSON Schema 2020-12)."""
    schema = dict(schema)
    schema["description"] = text
    return schema


def with_property_docs(schema, docs, examples=None):
    """Adds descriptions (and optional examples) to the properties of an object schema."""
    schema = copy.deepcopy(schema)
    props = schema["properties"]
    for name, text in docs.items():
        if name not in props:
            raise SystemExit(f"no property {name!r} to describe")
        props[name] = describe(props[name], text)
    for name, values in (examples or {}).items():
        props[name]["examples"] = values
    return schema


def add_titled(schema, title, description):
    out = {"title": title}
    out.update(schema)
    out["description"] = description
    return out


# --------------------------------------------------------------------------------------------
# Prose shared by several schemas
# --------------------------------------------------------------------------------------------

METADATA_INPUT_DOC = (
    "Free-form key/value data you attach to the customer. At most 50 keys; each key is 1 to 40 "
    "characters. A value is a string of 1 to 500 characters, an integer, a number or a boolean "
    "(null, objects and arrays are refused). The object itself may not be `null`."
)
METADATA_UPDATE_DOC = METADATA_INPUT_DOC + (
    " It replaces the stored metadata as a whole, so `{}` removes every key."
)
EXTERNAL_ID_DOC = (
    "Your own identifier for this customer, unique within the organization (compared "
    "case-sensitively). Surrounding whitespace is trimmed and an empty string counts as null. "
    "Once a customer has one it can never be changed or removed."
)
NAME_DOC = "Display name of the customer; trimmed, an empty string counts as null. At most 256 characters."
EMAIL_INPUT_DOC = (
    "Email address. It must be unique among the organization's customers, ignoring case. Surrounding "
    "whitespace is trimmed and the domain is lower-cased; the part before `@` keeps its case."
)
BILLING_ADDRESS_INPUT_DOC = (
    "Billing address. It replaces the stored address entirely (no merging of parts). `null` is "
    "refused: an address can be replaced but not removed."
)
TAX_ID_INPUT_DOC = (
    "Tax identification number, validated against the billing address country (the address in the "
    "same request, or on update the stored one if none is sent). It is stored and returned as a "
    "`[normalised value, format]` pair. `null` or an empty string clears it."
)
LOCALE_INPUT_DOC = (
    "Preferred language as an IETF BCP 47 tag such as `de`, `pt-BR` or `zh-Hant`. It is normalised "
    "(`en_us` becomes `en-US`); unknown languages and the empty string are refused; `null` clears it."
)
ORGANIZATION_ID_INPUT_DOC = (
    "Owning organization. Must be left out (or null) when calling with an organization access "
    "token: the token's organization is used, and sending any value, even that organization's own "
    "ID, is a 422."
)

CUSTOMER_PROPERTY_DOCS = {
    "id": "Unique identifier of the customer.",
    "created_at": "When the customer was created (UTC).",
    "modified_at": "When the customer was last changed (UTC); null if it never was.",
    "metadata": "The key/value data stored on the customer.",
    "external_id": "Your own identifier for this customer, or null. Unique within the organization; immutable once set.",
    "email_verified": (
        "True once the customer has proved ownership of the address. Newly created customers start "
        "unverified, and changing the email makes it unverified again."
    ),
    "name": "Display name, or null.",
    "billing_name": (
        "Name to print on invoices: the stored billing name, otherwise `name`. Read-only in this API."
    ),
    "billing_address": "Billing address, or null when none is stored.",
    "tax_id": "Tax ID as a `[normalised value, format]` pair, or null.",
    "locale": "Preferred language as a normalised BCP 47 tag, or null.",
    "organization_id": "The organization this customer belongs to.",
    "default_payment_method_id": "Default payment method, if one is recorded; otherwise null.",
    "deleted_at": "Deletion time. Always null in these responses, since deleted customers are not returned.",
    "first_user_event_at": (
        "Timestamp of the earliest usage event recorded for this customer, or null. It may be earlier "
        "than `created_at`."
    ),
    "avatar_url": (
        "Picture URL derived from the email address (for a team without an email, from its owner's), "
        "or null when there is no address to derive it from."
    ),
}

# --------------------------------------------------------------------------------------------
# Component schemas
# --------------------------------------------------------------------------------------------

# Polar schemas carried over (facts only), then documented here.
COPIED_SCHEMAS = [
    "Address",
    "AddressInput",
    "Customer",
    "CustomerCreate",
    "CustomerIndividual",
    "CustomerIndividualCreate",
    "CustomerSortProperty",
    "CustomerTeam",
    "CustomerTeamCreate",
    "CustomerType",
    "CustomerUpdate",
    "CustomerUpdateExternalID",
    "HTTPValidationError",
    "ListResource_Customer_",
    "MemberOwnerCreate",
    "MetadataOutputType",
    "MetadataQuery",
    "Pagination",
    "ResourceNotFound",
    "TaxIDFormat",
    "ValidationError",
]

# customers.md §1.10: every key of a customer is always present, also these three, which the
# extract leaves out of `required`.
ALWAYS_PRESENT_CUSTOMER_KEYS = ["external_id", "locale", "default_payment_method_id"]


def build_schemas(reference):
    src = {name: strip_prose(reference["components"]["schemas"][name]) for name in COPIED_SCHEMAS}
    s = {}

    # --- addresses -------------------------------------------------------------------------
    address_docs = {
        "line1": "First street line.",
        "line2": "Second street line.",
        "postal_code": "Postal or ZIP code.",
        "city": "City or locality.",
        "state": (
            "State, province or region. For US and CA it is an ISO 3166-2 code such as `US-NY` or `CA-QC`; "
            "elsewhere free text."
        ),
        "country": "ISO 3166-1 alpha-2 country code.",
    }
    s["Address"] = add_titled(
        with_property_docs(src["Address"], address_docs, {"country": ["DE", "US"]}),
        "Address",
        "A postal address as stored on a customer. All six keys are always present; unknown parts are null.",
    )
    address_input_docs = dict(address_docs)
    address_input_docs.update(
        {
            "line1": "First street line; trimmed, an empty string counts as null.",
            "line2": "Second street line; trimmed, an empty string counts as null.",
            "postal_code": "Postal or ZIP code; trimmed, an empty string counts as null.",
            "city": "City or locality; trimmed, an empty string counts as null.",
            "state": (
                "State, province or region. For US and CA the code must be a valid subdivision, with or "
                "without the country prefix (`NY` is stored as `US-NY`); it is case-sensitive. Free text "
                "for other countries."
            ),
            "country": (
                "ISO 3166-1 alpha-2 country code, case-insensitive on input. A few sanctioned countries "
                "are not accepted."
            ),
        }
    )
    s["AddressInput"] = add_titled(
        with_property_docs(src["AddressInput"], address_input_docs, {"country": ["DE", "US"]}),
        "AddressInput",
        "A postal address sent by a client. Only `country` is required.",
    )

    # --- customer (response) ---------------------------------------------------------------
    for name, kind, email_doc, type_doc, summary in [
        (
            "CustomerIndividual",
            "individual",
            "Email address of the customer (never null for an individual).",
            "Always `individual` for this variant.",
            "A customer that is a single person.",
        ),
        (
            "CustomerTeam",
            "team",
            "Email address of the team, or null when the team was created with only an owner's address.",
            "Always `team` for this variant. A team can group several members.",
            "A customer that is a team.",
        ),
    ]:
        docs = dict(CUSTOMER_PROPERTY_DOCS)
        docs["email"] = email_doc
        docs["type"] = type_doc
        schema = with_property_docs(
            src[name],
            docs,
            {
                "id": ["5b0a8f0e-4c1d-4e8a-9a57-3f1f9e0c2b71"],
                "external_id": ["acct_0042"],
                "email": ["ada@example.org"],
                "name": ["Ada Lovelace"],
                "tax_id": [["DE123456788", "eu_vat"]],
                "locale": ["en-GB"],
                "organization_id": ["0c9f3a2e-7d54-4b61-8e0a-2f6d1c3b9a84"],
            },
        )
        for key in ALWAYS_PRESENT_CUSTOMER_KEYS:
            if key not in schema["required"]:
                schema["required"].append(key)
        order = list(schema["properties"])
        schema["required"].sort(key=order.index)
        assert schema["properties"]["type"].get("const") == kind
        s[name] = add_titled(schema, name, summary + " Every property is always present in the JSON, null or not.")

    customer = src["Customer"]
    s["Customer"] = add_titled(
        customer,
        "Customer",
        "A customer of the organization: an individual or a team, told apart by `type`.",
    )

    # --- customer (create) -----------------------------------------------------------------
    create_docs = {
        "metadata": METADATA_INPUT_DOC + " Defaults to `{}`.",
        "external_id": EXTERNAL_ID_DOC,
        "name": NAME_DOC,
        "billing_address": "Billing address.",
        "tax_id": (
            "Tax identification number, validated against the country of the `billing_address` sent in "
            "the same request (without one it is a 422). It is stored and returned as a "
            "`[normalised value, format]` pair."
        ),
        "locale": LOCALE_INPUT_DOC,
        "organization_id": ORGANIZATION_ID_INPUT_DOC,
        "owner": (
            "Owner member to create together with the customer. This server does not keep members, so the "
            "object is validated and then ignored (as Polar does for organizations without members)."
        ),
    }
    individual_create = dict(create_docs)
    individual_create["type"] = "Customer kind. May be left out: a body without `type` creates an individual."
    individual_create["email"] = EMAIL_INPUT_DOC
    s["CustomerIndividualCreate"] = add_titled(
        with_property_docs(src["CustomerIndividualCreate"], individual_create, {"email": ["ada@example.org"]}),
        "CustomerIndividualCreate",
        "Body for creating an individual customer.",
    )
    team_create = dict(create_docs)
    team_create["type"] = "Must be `team` to create a team customer."
    team_create["email"] = (
        EMAIL_INPUT_DOC + " Optional for a team, but then `owner` (with an email) must be given."
    )
    s["CustomerTeamCreate"] = add_titled(
        with_property_docs(src["CustomerTeamCreate"], team_create, {"email": ["billing@example.org"]}),
        "CustomerTeamCreate",
        "Body for creating a team customer. A team needs an `email`, an `owner`, or both.",
    )
    create = copy.deepcopy(src["CustomerCreate"])
    create["discriminator"] = {
        "propertyName": "type",
        "mapping": {
            "individual": SCHEMA_REF + "CustomerIndividualCreate",
            "team": SCHEMA_REF + "CustomerTeamCreate",
        },
    }
    s["CustomerCreate"] = add_titled(
        create,
        "CustomerCreate",
        "Body of a create request, chosen by `type`. A body without `type` is read as an individual; any "
        "other value of `type`, including null, is a 422.",
    )
    s["MemberOwnerCreate"] = add_titled(
        with_property_docs(
            src["MemberOwnerCreate"],
            {
                "email": "Email address of the owner.",
                "name": "Name of the owner; at most 256 characters.",
                "external_id": "Your own identifier for the owner.",
            },
        ),
        "MemberOwnerCreate",
        "Owner member given when creating a customer.",
    )

    # --- customer (update) -----------------------------------------------------------------
    update_docs = {
        "metadata": METADATA_UPDATE_DOC,
        "email": (
            EMAIL_INPUT_DOC + " A change that only differs in letter case is ignored, and so is `null`. "
            "A real change marks the address unverified."
        ),
        "name": NAME_DOC + " `null` clears it.",
        "billing_address": BILLING_ADDRESS_INPUT_DOC,
        "tax_id": TAX_ID_INPUT_DOC,
        "locale": LOCALE_INPUT_DOC,
    }
    by_id_docs = dict(update_docs)
    by_id_docs["external_id"] = (
        "Sets your identifier on a customer that has none. Sending the current value is accepted; any "
        "other value (or null) for a customer that already has one is a 422."
    )
    by_id_docs["type"] = "Turns an individual into a team. A team cannot go back to individual."
    s["CustomerUpdate"] = add_titled(
        with_property_docs(src["CustomerUpdate"], by_id_docs),
        "CustomerUpdate",
        "Changes to a customer addressed by ID. Every property is optional; a property left out is left "
        "unchanged.",
    )
    s["CustomerUpdateExternalID"] = add_titled(
        with_property_docs(src["CustomerUpdateExternalID"], update_docs),
        "CustomerUpdateExternalID",
        "Changes to a customer addressed by external ID. Same as `CustomerUpdate` without `external_id` "
        "and `type`; if sent, those two are ignored.",
    )

    # --- enums and small types -------------------------------------------------------------
    s["CustomerType"] = add_titled(src["CustomerType"], "CustomerType", "Kind of customer.")
    s["CustomerSortProperty"] = add_titled(
        src["CustomerSortProperty"],
        "CustomerSortProperty",
        "A sort key for the customer list; a leading `-` sorts that key in descending order.",
    )
    s["TaxIDFormat"] = add_titled(
        src["TaxIDFormat"],
        "TaxIDFormat",
        "Identifies the kind of tax number, following Stripe's tax ID type names.",
    )
    s["MetadataOutputType"] = add_titled(
        src["MetadataOutputType"],
        "MetadataOutputType",
        "Key/value data: each value is a string, an integer, a number or a boolean.",
    )
    s["MetadataQuery"] = add_titled(
        src["MetadataQuery"],
        "MetadataQuery",
        "Metadata filter: each key maps to one value, or to a list of values of which any may match.",
    )

    # --- lists -----------------------------------------------------------------------------
    s["Pagination"] = add_titled(
        with_property_docs(
            src["Pagination"],
            {
                "total_count": "Number of customers matching the filters, over all pages.",
                "max_page": "Number of the last page for the page size used; 0 when nothing matches.",
            },
        ),
        "Pagination",
        "Where a page sits in the full result.",
    )
    s["ListResource_Customer_"] = add_titled(
        with_property_docs(
            src["ListResource_Customer_"],
            {"items": "The customers on this page.", "pagination": "Totals for the whole result."},
        ),
        "ListResource[Customer]",
        "One page of customers.",
    )

    # --- errors from Polar's document ------------------------------------------------------
    s["ValidationError"] = add_titled(
        with_property_docs(
            src["ValidationError"],
            {
                "loc": (
                    "Path to the offending input: where it came from (`body`, `query`, `path`) followed by "
                    "keys and list positions."
                ),
                "msg": "Explanation for people.",
                "type": "Machine-readable error code, such as `missing` or `value_error`.",
                "input": "The value that was refused, as received.",
                "ctx": "Extra values that explain the error, such as a limit that was exceeded.",
            },
        ),
        "ValidationError",
        "One problem found in the request.",
    )
    validation = copy.deepcopy(src["HTTPValidationError"])
    props = {
        "error": {
            "type": "string",
            "enum": ["RequestValidationError", "PolarRequestValidationError"],
            "description": (
                "`RequestValidationError` when the request does not match its schema; "
                "`PolarRequestValidationError` when it does but breaks a business rule (such as a "
                "duplicate email or external ID)."
            ),
        }
    }
    props.update(validation["properties"])
    validation["properties"] = props
    validation["properties"]["detail"] = describe(validation["properties"]["detail"], "Every problem found.")
    validation["required"] = ["error", "detail"]
    s["HTTPValidationError"] = add_titled(
        validation,
        "HTTPValidationError",
        "Body of a 422 response. Polar's own document omits `error`, but its service always sends it.",
    )
    s["ResourceNotFound"] = add_titled(
        with_property_docs(
            src["ResourceNotFound"],
            {"error": "Always `ResourceNotFound`.", "detail": "Explanation for people."},
        ),
        "ResourceNotFound",
        "Nothing with that ID (or external ID) is visible to the caller; deleted ones count as missing.",
    )

    # --- errors added by this document -----------------------------------------------------
    def error_object(title, code_key, code, text_key, text_doc, description):
        return {
            "title": title,
            "type": "object",
            "properties": {
                code_key: {"type": "string", "const": code, "description": f"Always `{code}`."},
                text_key: {"type": "string", "description": text_doc},
            },
            "required": [code_key, text_key],
            "description": description,
        }

    s["Unauthorized"] = error_object(
        "Unauthorized",
        "error",
        "Unauthorized",
        "detail",
        "Explanation for people.",
        "The request carries no usable credentials.",
    )
    s["InvalidTokenError"] = error_object(
        "InvalidTokenError",
        "error",
        "invalid_token",
        "error_description",
        "Explanation for people.",
        "OAuth 2.0 style error: the bearer token is unknown, revoked or expired.",
    )
    s["InsufficientScopeError"] = error_object(
        "InsufficientScopeError",
        "error",
        "insufficient_scope",
        "error_description",
        "Explanation for people.",
        "OAuth 2.0 style error: the token is valid but holds none of the scopes the operation accepts.",
    )
    s["NotPermitted"] = error_object(
        "NotPermitted",
        "error",
        "NotPermitted",
        "detail",
        "Explanation for people.",
        "The caller may read customers but not change them. In Polar this comes from a user's role; "
        "organization access tokens never get it.",
    )
    s["RouteNotFound"] = {
        "title": "RouteNotFound",
        "type": "object",
        "properties": {"detail": {"type": "string", "const": "Not Found", "description": "Always `Not Found`."}},
        "required": ["detail"],
        "description": "No such route, or a `Polar-Version` header this server does not support.",
    }
    s["LengthRequired"] = error_object(
        "LengthRequired",
        "error",
        "LengthRequired",
        "detail",
        "Explanation for people.",
        "A request with a body must state its size in `Content-Length`.",
    )
    s["RequestBodyTooLarge"] = error_object(
        "RequestBodyTooLarge",
        "error",
        "RequestBodyTooLarge",
        "detail",
        "Explanation for people.",
        "The body is larger than 10 MiB (10485760 bytes).",
    )
    return {name: s[name] for name in sorted(s)}


# --------------------------------------------------------------------------------------------
# Parameters, headers and responses
# --------------------------------------------------------------------------------------------

SUPPORTED_VERSIONS = ["2026-04", "2026-10"]

PARAMETERS = {
    "PolarVersion": {
        "name": "Polar-Version",
        "in": "header",
        "required": False,
        "description": (
            "API version the client speaks. Both supported versions behave identically for these "
            "operations; `2026-04` is assumed when the header is absent. Any other value (including a "
            "malformed one) is answered 404 with `{\"detail\":\"Not Found\"}` before authentication."
        ),
        "schema": {"type": "string", "enum": SUPPORTED_VERSIONS, "default": SUPPORTED_VERSIONS[0]},
    },
    "CustomerID": {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "ID of the customer. Must be a version 4 UUID, otherwise the request is a 422.",
        "schema": {"type": "string", "format": "uuid4"},
    },
    "CustomerExternalID": {
        "name": "external_id",
        "in": "path",
        "required": True,
        "description": "Your identifier of the customer, matched exactly (case-sensitively).",
        "schema": {"type": "string"},
    },
    "OrganizationIDFilter": {
        "name": "organization_id",
        "in": "query",
        "required": False,
        "description": (
            "Only customers of these organizations (repeat the parameter for several). An organization "
            "the token cannot see just yields no customers. Each value must be a version 4 UUID."
        ),
        "schema": {
            "anyOf": [
                {"type": "string", "format": "uuid4"},
                {"type": "array", "items": {"type": "string", "format": "uuid4"}},
                {"type": "null"},
            ]
        },
    },
    "Anonymize": {
        "name": "anonymize",
        "in": "query",
        "required": False,
        "description": (
            "When true, personal data is also scrubbed: the email and the stored billing name are replaced "
            "by hashes, the name too unless the customer has a tax ID, and the billing address is removed."
        ),
        "schema": {"type": "boolean", "default": False},
    },
}

LIST_PARAMETERS = [
    {"$ref": "#/components/parameters/OrganizationIDFilter"},
    {
        "name": "email",
        "in": "query",
        "required": False,
        "description": "Only the customer with exactly this email address, ignoring case.",
        "schema": nullable({"type": "string"}),
    },
    {
        "name": "query",
        "in": "query",
        "required": False,
        "description": (
            "Free-text search, ignoring case: matches customers whose email, name or billing name contains "
            "the text, or whose external ID starts with it."
        ),
        "schema": nullable({"type": "string"}),
    },
    {
        "name": "active",
        "in": "query",
        "required": False,
        "description": (
            "`true`: only customers with a trialing, active or past-due subscription; `false`: only "
            "customers without one."
        ),
        "schema": nullable({"type": "boolean"}),
    },
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page to return, counting from 1.",
        "schema": {"type": "integer", "exclusiveMinimum": 0, "default": 1},
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Customers per page. Values above 100 are treated as 100.",
        "schema": {"type": "integer", "exclusiveMinimum": 0, "default": 10},
    },
    {
        "name": "sorting",
        "in": "query",
        "required": False,
        "description": (
            "Sort keys, applied in the order given (repeat the parameter for several). Prefix a key with "
            "`-` for descending order. Newest first when absent."
        ),
        "schema": {
            "anyOf": [{"type": "array", "items": ref("CustomerSortProperty")}, {"type": "null"}],
            "default": ["-created_at"],
        },
    },
    {
        "name": "metadata",
        "in": "query",
        "required": False,
        "style": "deepObject",
        "description": (
            "Metadata filter written as `metadata[key]=value`. Repeating a key matches any of its values; "
            "different keys must all match."
        ),
        "schema": ref("MetadataQuery"),
    },
]

HEADERS = {
    "PolarVersion": {
        "description": "The API version the request was answered with (the request's value, or the default).",
        "required": True,
        "schema": {"type": "string"},
    },
    "WWWAuthenticate": {
        "description": (
            "Bearer challenge with realm `polar`; for token errors it also names the error and, for "
            "`insufficient_scope`, the accepted scopes."
        ),
        "required": True,
        "schema": {"type": "string"},
    },
    "ContentDisposition": {
        "description": "Always `attachment; filename=\"polar-customers.csv\"`.",
        "required": True,
        "schema": {"type": "string"},
    },
}

VERSION_HEADER = {"Polar-Version": {"$ref": "#/components/headers/PolarVersion"}}
AUTH_HEADERS = {
    "Polar-Version": {"$ref": "#/components/headers/PolarVersion"},
    "WWW-Authenticate": {"$ref": "#/components/headers/WWWAuthenticate"},
}


def json_response(description, schema, headers=None):
    return {
        "description": description,
        "headers": dict(headers or VERSION_HEADER),
        "content": {"application/json": {"schema": schema}},
    }


RESPONSES = {
    "Unauthorized": json_response(
        "Not authenticated: either no bearer token was sent (`Unauthorized`), or the token is unknown, "
        "revoked or expired (`invalid_token`).",
        {"oneOf": [ref("Unauthorized"), ref("InvalidTokenError")]},
        AUTH_HEADERS,
    ),
    "ForbiddenRead": json_response(
        "The token holds neither `customers:read` nor `customers:write`.",
        ref("InsufficientScopeError"),
        AUTH_HEADERS,
    ),
    "ForbiddenWrite": {
        "description": (
            "The token does not hold `customers:write` (`insufficient_scope`, with a `WWW-Authenticate` "
            "challenge), or the caller is not allowed to change customers (`NotPermitted`)."
        ),
        "headers": {
            "Polar-Version": {"$ref": "#/components/headers/PolarVersion"},
            "WWW-Authenticate": {
                "description": "Bearer challenge naming the accepted scopes; sent with `insufficient_scope` only.",
                "required": False,
                "schema": {"type": "string"},
            },
        },
        "content": {
            "application/json": {"schema": {"oneOf": [ref("InsufficientScopeError"), ref("NotPermitted")]}}
        },
    },
    "VersionNotFound": json_response(
        "The `Polar-Version` header names a version this server does not support.",
        ref("RouteNotFound"),
    ),
    "CustomerNotFound": json_response(
        "No such customer in the organization (`ResourceNotFound`; deleted customers count as missing), "
        "or an unsupported `Polar-Version` header (`{\"detail\":\"Not Found\"}`).",
        {"oneOf": [ref("ResourceNotFound"), ref("RouteNotFound")]},
    ),
    "ValidationFailed": json_response(
        "The request was refused: `error` tells whether it broke the schema or a business rule, and "
        "`detail` lists every problem.",
        ref("HTTPValidationError"),
    ),
    "LengthRequired": json_response(
        "The request has no `Content-Length` header (a chunked body, for instance).",
        ref("LengthRequired"),
    ),
    "BodyTooLarge": json_response(
        "The declared body size exceeds 10 MiB.",
        ref("RequestBodyTooLarge"),
    ),
}


def response_ref(name):
    return {"$ref": "#/components/responses/" + name}


# --------------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------------

READ_SCOPES = ["customers:read", "customers:write"]
WRITE_SCOPES = ["customers:write"]


def scope_note(scopes):
    if len(scopes) == 1:
        return f"\n\nNeeds the `{scopes[0]}` scope."
    return "\n\nNeeds one of these scopes: " + ", ".join(f"`{s}`" for s in scopes) + "."


def operation(op_id, summary, description, scopes, parameters, responses, body=None):
    op = {
        "tags": ["customers"],
        "operationId": op_id,
        "summary": summary,
        "description": description + scope_note(scopes),
        "security": [{"oat": list(scopes)}],
        "parameters": [{"$ref": "#/components/parameters/PolarVersion"}] + parameters,
    }
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    out = {}
    for status in sorted(responses):
        out[status] = responses[status]
    out["401"] = response_ref("Unauthorized")
    out["403"] = response_ref("ForbiddenWrite" if scopes == WRITE_SCOPES else "ForbiddenRead")
    if body is not None:
        out["411"] = response_ref("LengthRequired")
        out["413"] = response_ref("BodyTooLarge")
    op["responses"] = {status: out[status] for status in sorted(out)}
    return op


def build_paths():
    id_param = {"$ref": "#/components/parameters/CustomerID"}
    ext_param = {"$ref": "#/components/parameters/CustomerExternalID"}
    anonymize = {"$ref": "#/components/parameters/Anonymize"}
    not_found = response_ref("CustomerNotFound")
    version_not_found = response_ref("VersionNotFound")
    invalid = response_ref("ValidationFailed")
    deleted = {"description": "The customer was deleted. No body.", "headers": dict(VERSION_HEADER)}

    delete_text = (
        "Deletes the customer. It disappears from every read and cannot be restored; its email "
        "address and external ID can be used again by a new customer right away. Pass `anonymize=true` "
        "to scrub personal data as well."
    )
    return {
        "/v1/customers/": {
            "get": operation(
                "customers:list",
                "Page through customers",
                "Returns the organization's customers one page at a time, with optional filters and sort order.",
                READ_SCOPES,
                LIST_PARAMETERS,
                {
                    "200": json_response("One page of customers.", ref("ListResource_Customer_")),
                    "404": version_not_found,
                    "422": invalid,
                },
            ),
            "post": operation(
                "customers:create",
                "Add a customer",
                "Adds a customer, either an individual (the default) or a team, to the token's organization. "
                "Email and external ID must not already be used by another customer of the organization.",
                WRITE_SCOPES,
                [],
                {
                    "201": json_response("The new customer.", ref("Customer")),
                    "404": version_not_found,
                    "422": invalid,
                },
                body="CustomerCreate",
            ),
        },
        "/v1/customers/export": {
            "get": operation(
                "customers:export",
                "Download customers as CSV",
                "Streams every customer of the organization as a CSV file (comma-separated, CRLF line ends, "
                "with a header row). Rows are not in any guaranteed order.",
                READ_SCOPES,
                [{"$ref": "#/components/parameters/OrganizationIDFilter"}],
                {
                    "200": {
                        "description": "The CSV file.",
                        "headers": {
                            "Polar-Version": {"$ref": "#/components/headers/PolarVersion"},
                            "Content-Disposition": {"$ref": "#/components/headers/ContentDisposition"},
                        },
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    },
                    "404": version_not_found,
                    "422": invalid,
                },
            ),
        },
        "/v1/customers/{id}": {
            "get": operation(
                "customers:get",
                "Fetch a customer by ID",
                "Returns one customer of the organization.",
                READ_SCOPES,
                [id_param],
                {"200": json_response("The customer.", ref("Customer")), "404": not_found, "422": invalid},
            ),
            "patch": operation(
                "customers:update",
                "Change a customer, addressed by ID",
                "Changes the fields present in the body and leaves the others alone. Business-rule problems "
                "(duplicate email, changing an external ID, downgrading a team, ...) are reported together "
                "in one 422.",
                WRITE_SCOPES,
                [id_param],
                {"200": json_response("The customer after the change.", ref("Customer")), "404": not_found, "422": invalid},
                body="CustomerUpdate",
            ),
            "delete": operation(
                "customers:delete",
                "Remove a customer, addressed by ID",
                delete_text,
                WRITE_SCOPES,
                [id_param, anonymize],
                {"204": deleted, "404": not_found, "422": invalid},
            ),
        },
        "/v1/customers/external/{external_id}": {
            "get": operation(
                "customers:get_external",
                "Fetch a customer by external ID",
                "Returns the customer that carries this external ID.",
                READ_SCOPES,
                [ext_param],
                # No 422: nothing about this request can fail validation (the path segment is any text).
                {"200": json_response("The customer.", ref("Customer")), "404": not_found},
            ),
            "patch": operation(
                "customers:update_external",
                "Change a customer, addressed by external ID",
                "Like updating by ID, for the customer that carries this external ID. The external ID itself "
                "and the customer type cannot be changed this way.",
                WRITE_SCOPES,
                [ext_param],
                {"200": json_response("The customer after the change.", ref("Customer")), "404": not_found, "422": invalid},
                body="CustomerUpdateExternalID",
            ),
            "delete": operation(
                "customers:delete_external",
                "Remove a customer, addressed by external ID",
                delete_text,
                WRITE_SCOPES,
                [ext_param, anonymize],
                {"204": deleted, "404": not_found, "422": invalid},
            ),
        },
    }


INFO_DESCRIPTION = """\
Customer management with the same paths, JSON bodies, status codes, error bodies and scopes as \
Polar's organization customers API, so clients written for Polar (its SDKs included) work unchanged. \
This document lists exactly what this server implements.

Authentication: send an organization access token as `Authorization: Bearer polar_oat_...`. \
Each operation states the scopes it accepts.

Every response carries `Polar-Version` and, unless it sets its own, `Cache-Control: private, no-store`. \
Paths may also be called with the older `/api/v1/...` prefix, and `/v1/customers` without the trailing \
slash redirects (307) to `/v1/customers/`."""


def build_document(reference, full_reference):
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Polar-compatible Customers API",
            "version": "2026-10",
            "description": INFO_DESCRIPTION,
        },
        "servers": [{"url": "/", "description": "The server that serves this document."}],
        "tags": [{"name": "customers", "description": "The organization's customers."}],
        "paths": build_paths(),
        "components": {
            "schemas": build_schemas(reference),
            "parameters": PARAMETERS,
            "headers": HEADERS,
            "responses": RESPONSES,
            "securitySchemes": {
                "oat": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "polar_oat_...",
                    "description": (
                        "Organization access token. It acts for one organization with the scopes chosen when "
                        "it was created (`polar-server token create`)."
                    ),
                }
            },
        },
    }
    openapi_surface.extend(document, full_reference, strip_prose)
    return document


def check_references(document):
    """Fails if a schema is defined but never referenced, or referenced but not defined."""
    text = json.dumps(document)
    schemas = document["components"]["schemas"]
    for name in schemas:
        if text.count(f'"{SCHEMA_REF}{name}"') == 0:
            raise SystemExit(f"schema {name} is not referenced")
    import re

    for name in set(re.findall(r'"#/components/schemas/([^"]+)"', text)):
        if name not in schemas:
            raise SystemExit(f"schema {name} is referenced but not defined")
    for kind in ("parameters", "headers", "responses"):
        for name in document["components"][kind]:
            if f'"#/components/{kind}/{name}"' not in text:
                raise SystemExit(f"{kind} {name} is not referenced")


def render(document):
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        default=os.environ.get("POLAR_OPENAPI_REFERENCE", DEFAULT_REFERENCE),
        help="path of the extract of Polar's OpenAPI document",
    )
    parser.add_argument(
        "--full-reference",
        default=os.environ.get("POLAR_FULL_OPENAPI", DEFAULT_FULL_REFERENCE),
        help="path of Polar's whole OpenAPI document for 2026-10 (docs/openapi/2026-10.openapi.json in polarsource/polar)",
    )
    parser.add_argument("--output", default=str(OUTPUT), help="where to write the document")
    parser.add_argument("--check", action="store_true", help="only report whether the output is up to date")
    args = parser.parse_args()

    with open(args.reference, encoding="utf-8") as f:
        reference = json.load(f)
    with open(args.full_reference, encoding="utf-8") as f:
        full_reference = json.load(f)
    document = build_document(reference, full_reference)
    check_references(document)
    text = render(document)

    output = pathlib.Path(args.output)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is out of date; run scripts/generate-openapi.py", file=sys.stderr)
            return 1
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
