"""Renames a product, replaces its prices and archives it with Polar's own SDK.

Usage: update_product.py BASE_URL TOKEN PRODUCT_ID FIXED_PRICE_ID

Runs under either polar-sdk generation (sdk_generation.py).
Prints one JSON line with what the SDK's own types hold; exits non-zero if a response does not load.
"""

import sys

from sdk_generation import GENERATION, connect, field, report

if GENERATION == "1.x":
    from polar.v2026_10.errors import HTTPValidationError
else:
    from polar_sdk.models import HTTPValidationError


def main() -> int:
    base_url, token, product_id, fixed_id = sys.argv[1:5]
    polar = connect(base_url, token)
    renaming = {"name": "Pro Plus", "description": "For teams"}
    # Keep the free price, drop the metered one, add a fixed price in euros.
    pricing = {"prices": [{"id": fixed_id}, {"amount_type": "fixed", "price_amount": 0, "price_currency": "eur"}]}
    refusal = {"recurring_interval": "year"}
    if GENERATION == "1.x":
        renamed = polar.products.update(product_id, **renaming)
        priced = polar.products.update(product_id, **pricing)
        archived = polar.products.update(product_id, is_archived=True)
        try:
            polar.products.update(product_id, **refusal)
            refused = None
        except HTTPValidationError as error:
            refused = type(error).__name__
    else:
        from polar_sdk.models import ExistingProductPrice, ProductPriceFixedCreate

        renamed = polar.products.update(id=product_id, product_update=renaming)
        # 0.32 cannot tell a plain dict's kind of price; its own models it can.
        typed = [ExistingProductPrice(id=fixed_id), ProductPriceFixedCreate(price_amount=0, price_currency="eur")]
        priced = polar.products.update(id=product_id, product_update={"prices": typed})
        archived = polar.products.update(id=product_id, product_update={"is_archived": True})
        try:
            polar.products.update(id=product_id, product_update=refusal)
            refused = None
        except HTTPValidationError as error:
            refused = type(error).__name__
    report(
        renamed=[renamed.name, renamed.description],
        prices=[field(p, "amount_type") for p in priced.prices],
        archived=archived.is_archived,
        refused=refused,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
