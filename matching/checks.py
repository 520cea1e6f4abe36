"""The structural fit of a pair as a checklist: what the request asks against what the offer states.

Each check is a verdict, not a grade: `fit` when the offer meets what the request asks, `warn` when it
falls short by less than half (one readiness level, a delivery late by less than half the time left,
at least half the quantity in time, a cost up to one and a half times the budget) or does not say,
`fail` beyond. A check the request does not ask (no minimum readiness, no deadline, no quantity, no
budget) is left out. The offer's export control, datasheet and field test are told as they stand: a
controlled item is a warning, never a failure.
"""

from __future__ import annotations

import datetime as dt
import math

from offers.models import ExportControl

FIT, WARN, FAIL = "fit", "warn", "fail"
# Readiness levels short of the minimum that are still only a warning.
READINESS_LEVELS_TOLERATED = 1
# Share of the asked that is still only a warning: the lead time overrunning the time left, the quantity
# delivered in time, the budget exceeded.
SHORTFALL_TOLERATED = 0.5
DAYS_PER_MONTH = 30
# Production is counted in months after the lead time, at least one, and one when there is no deadline.
MIN_PRODUCTION_MONTHS = 1

# The fields of the offer and of the request the checks read, for querysets that load only them.
OFFER_FIELDS = (
    "trl",
    "lead_time_days",
    "monthly_capacity",
    "price_min_eur",
    "price_max_eur",
    "export_control",
    "ml_category",
    "licence_held",
    "datasheet",
    "field_tested_ua",
)
REQUEST_FIELDS = ("min_trl", "needed_by", "quantity", "budget_max_eur")


def check(code: str, status: str, **values) -> dict:
    return {"code": code, "status": status, "values": values}


def pair_checks(capability_request, offer, today: dt.date) -> list[dict]:
    """The checklist of a pair, in the order a buyer reads it."""
    days_left = None if capability_request.needed_by is None else (capability_request.needed_by - today).days
    found = [
        _readiness(capability_request.min_trl, offer.trl),
        _timing(days_left, offer.lead_time_days),
        _capacity(capability_request.quantity, offer.monthly_capacity, days_left, offer.lead_time_days),
        _price(capability_request.budget_max_eur, capability_request.quantity, unit_price(offer)),
        _export_control(offer),
        check("datasheet", FIT if offer.datasheet else WARN, attached=bool(offer.datasheet)),
        check("field_tested", FIT if offer.field_tested_ua else WARN, tested=bool(offer.field_tested_ua)),
    ]
    return [item for item in found if item is not None]


def failed_count(checks: list[dict]) -> int:
    return sum(1 for item in checks if item["status"] == FAIL)


def _readiness(minimum: int | None, trl: int | None) -> dict | None:
    if minimum is None:
        return None
    if trl is None:
        return check("readiness", WARN, minimum=minimum, trl=None)
    short = minimum - trl
    status = FIT if short <= 0 else WARN if short <= READINESS_LEVELS_TOLERATED else FAIL
    return check("readiness", status, minimum=minimum, trl=trl)


def _timing(days_left: int | None, lead_time_days: int | None) -> dict | None:
    if days_left is None:
        return None
    if lead_time_days is None:
        return check("timing", WARN, days_left=days_left, lead_time_days=None)
    overrun = lead_time_days - days_left
    if overrun <= 0:
        status = FIT
    else:
        status = WARN if overrun <= SHORTFALL_TOLERATED * max(days_left, 0) else FAIL
    return check("timing", status, days_left=days_left, lead_time_days=lead_time_days)


def production_months(days_left: int | None, lead_time_days: int | None) -> int:
    """Whole months of production between the end of the lead time and the deadline."""
    if days_left is None:
        return MIN_PRODUCTION_MONTHS
    return max(MIN_PRODUCTION_MONTHS, math.floor((days_left - (lead_time_days or 0)) / DAYS_PER_MONTH))


def _capacity(
    quantity: int | None, monthly_capacity: int | None, days_left: int | None, lead_time_days: int | None
) -> dict | None:
    if quantity is None:
        return None
    if monthly_capacity is None:
        return check("capacity", WARN, quantity=quantity, monthly_capacity=None, months=None, deliverable=None)
    months = production_months(days_left, lead_time_days)
    deliverable = monthly_capacity * months
    status = FIT if deliverable >= quantity else WARN if deliverable >= SHORTFALL_TOLERATED * quantity else FAIL
    return check(
        "capacity", status, quantity=quantity, monthly_capacity=monthly_capacity, months=months, deliverable=deliverable
    )


def unit_price(offer) -> int | None:
    """The lowest unit price the offer states (its band's start, else its only bound)."""
    return offer.price_min_eur if offer.price_min_eur is not None else offer.price_max_eur


def _price(budget: int | None, quantity: int | None, unit_price: int | None) -> dict | None:
    if budget is None:
        return None
    units = quantity or 1
    if unit_price is None:
        return check("price", WARN, budget=budget, quantity=units, unit_price=None, cost=None)
    cost = unit_price * units
    status = FIT if cost <= budget else WARN if cost <= (1 + SHORTFALL_TOLERATED) * budget else FAIL
    return check("price", status, budget=budget, quantity=units, unit_price=unit_price, cost=cost)


def _export_control(offer) -> dict:
    controlled = offer.export_control != ExportControl.NOT_CONTROLLED
    return check(
        "export_control",
        WARN if controlled else FIT,
        regime=offer.export_control,
        category=offer.ml_category or None,
        licence_held=bool(offer.licence_held),
    )
