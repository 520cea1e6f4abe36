"""A pair's explanation and checklist in the reader's language: the one place that turns the stored data (codes
and values, matching/checks.py and the engine's explanation) into words, for pages, e-mails and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext_lazy
from django.utils.translation import gettext as _

from needs.models import unit_label
from offers.models import ExportControl, trl_short_label
from taxonomy.selectors import areas_by_slug

from .checks import FAIL, FIT, WARN, unit_price

# What a status looks like besides its colour: a sign and a word.
STATUS_SIGNS = {FIT: "✓", WARN: "!", FAIL: "✗"}


# Labels are made once, translated when read: building them at each call costs seven translations a check.
STATUS_LABELS = {
    FIT: pgettext_lazy("check status", "Fits"),
    WARN: pgettext_lazy("check status", "Warning"),
    FAIL: pgettext_lazy("check status", "Fails"),
}
CHECK_LABELS = {
    "readiness": gettext_lazy("Readiness"),
    "timing": gettext_lazy("Timing"),
    "capacity": gettext_lazy("Capacity"),
    "price": gettext_lazy("Price"),
    "export_control": gettext_lazy("Export control"),
    "datasheet": gettext_lazy("Datasheet"),
    "field_tested": gettext_lazy("Field-tested in Ukraine"),
}


# The labels in each language, translated on first use: a queue page shows some 200 checks, and each
# translation goes through the active language's thread-local lookup.
_TRANSLATED: dict[str, tuple[dict[str, str], dict[str, str]]] = {}


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    language = get_language()
    if language not in _TRANSLATED:
        _TRANSLATED[language] = (
            {code: str(label) for code, label in CHECK_LABELS.items()},
            {status: str(label) for status, label in STATUS_LABELS.items()},
        )
    return _TRANSLATED[language]


def _status_label(status: str) -> str:
    return _labels()[1][status]


def _check_label(code: str) -> str:
    return _labels()[0].get(code, code)


def _relation_phrase(name: str, relation: str) -> str:
    phrases = {
        "same": _("%(area)s (same area)"),
        "sibling": _("%(area)s (sibling area)"),
        "broader": _("%(area)s (broader area)"),
        "narrower": _("%(area)s (narrower area)"),
    }
    return phrases.get(relation, "%(area)s") % {"area": name}


def _number(value) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _euros(value) -> str:
    return f"€{_number(value)}"


def _days(count: int) -> str:
    return ngettext("%(days)s day", "%(days)s days", count) % {"days": _number(count)}


def _months(count: int) -> str:
    return ngettext("%(count)s month", "%(count)s months", count) % {"count": _number(count)}


# The explanation ---------------------------------------------------------------------------------------------


def is_legacy(explanation: dict | None) -> bool:
    """An explanation stored before explanations were data (English sentences under `text`); it is shown as
    it was until the pair is scored again."""
    return bool(explanation) and "terms" not in explanation and "areas" not in explanation


def term_label(term: dict) -> str:
    english = term.get("english")
    return f"{term['word']} ≈ {english}" if english else term["word"]


def area_labels(explanation: dict | None, areas: dict | None = None) -> list[str]:
    """The shared areas by their names in the reader's language, each with its relation; an area since
    removed from the tree is left out."""
    if not explanation or is_legacy(explanation):
        return []
    areas = areas_by_slug() if areas is None else areas
    return [
        _relation_phrase(areas[item["area"]].name, item.get("relation", ""))
        for item in explanation.get("areas", [])
        if item.get("area") in areas
    ]


def explanation_lines(explanation: dict | None, areas: dict | None = None) -> list[str]:
    """The explanation as short lines in the active language; an old one as its stored text."""
    if not explanation:
        return []
    if is_legacy(explanation):
        return [explanation["text"]] if explanation.get("text") else []
    lines = []
    if terms := [term_label(term) for term in explanation.get("terms", []) if term.get("word")]:
        lines.append(_("Shared terms: %(terms)s") % {"terms": ", ".join(terms)})
    if names := area_labels(explanation, areas):
        lines.append(_("Shared capability areas: %(areas)s") % {"areas": ", ".join(names)})
    return lines


# The checklist -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCheck:
    code: str
    status: str
    label: str
    status_label: str
    sign: str
    text: str


def shown_checks(checks: list[dict] | None) -> list[ShownCheck]:
    """Each check with what it checks, its verdict in words and a sign, and a phrase with its values."""
    return [
        ShownCheck(
            code=item["code"],
            status=item["status"],
            label=_check_label(item["code"]),
            status_label=_status_label(item["status"]),
            sign=STATUS_SIGNS[item["status"]],
            text=check_text(item),
        )
        for item in checks or []
        if item.get("status") in STATUS_SIGNS
    ]


@dataclass(frozen=True)
class CompactChecks:
    """A checklist as a line: the checks that fit by name only, the others each with its phrase."""

    fitting: list[str]
    other: list[ShownCheck]


def compact_checks(checks: list[dict] | None) -> CompactChecks:
    """What a list of pairs shows of each checklist: a warning or a failure needs its reason; a fit does not."""
    fitting, other = [], []
    for item in checks or []:
        status = item.get("status")
        if status == FIT:
            fitting.append(_check_label(item["code"]))
        elif status in STATUS_SIGNS:
            other.append(
                ShownCheck(
                    code=item["code"],
                    status=status,
                    label=_check_label(item["code"]),
                    status_label=_status_label(status),
                    sign=STATUS_SIGNS[status],
                    text=check_text(item),
                )
            )
    return CompactChecks(fitting=fitting, other=other)


def check_text(item: dict) -> str:
    values = item.get("values", {})
    phrase = PHRASES.get(item["code"])
    return phrase(item["status"], values) if phrase else ""


def _readiness(status: str, values: dict) -> str:
    minimum = trl_short_label(values["minimum"])
    if values.get("trl") is None:
        return _("Readiness not stated (minimum %(minimum)s)") % {"minimum": minimum}
    offered = trl_short_label(values["trl"])
    if status == FIT:
        return _("%(offered)s meets the minimum %(minimum)s") % {"offered": offered, "minimum": minimum}
    return _("%(offered)s, below the minimum %(minimum)s") % {"offered": offered, "minimum": minimum}


def _timing(status: str, values: dict) -> str:
    left, lead = values["days_left"], values.get("lead_time_days")
    if lead is None:
        if left <= 0:
            return _("Lead time not stated; the deadline has passed")
        return _("Lead time not stated; %(left)s left to the deadline") % {"left": _days(left)}
    if left <= 0:
        return _("Lead time %(lead)s; the deadline has passed") % {"lead": _days(lead)}
    if status == FIT:
        return _("Lead time %(lead)s, within the %(left)s left") % {"lead": _days(lead), "left": _days(left)}
    return _("Lead time %(lead)s, longer than the %(left)s left") % {"lead": _days(lead), "left": _days(left)}


def _capacity(status: str, values: dict) -> str:
    quantity = _number(values["quantity"])
    if values.get("monthly_capacity") is None:
        return _("Monthly capacity not stated (quantity %(quantity)s)") % {"quantity": quantity}
    numbers = {
        "capacity": _number(values["monthly_capacity"]),
        "months": _months(values["months"]),
        "deliverable": _number(values["deliverable"]),
        "quantity": quantity,
    }
    if status == FIT:
        return _("%(capacity)s a month covers the quantity of %(quantity)s in %(months)s") % numbers
    return _("%(capacity)s a month delivers about %(deliverable)s of %(quantity)s in %(months)s") % numbers


def _price(status: str, values: dict) -> str:
    budget = _euros(values["budget"])
    if values.get("unit_price") is None:
        return _("Unit price not stated (budget %(budget)s)") % {"budget": budget}
    numbers = {
        "cost": _euros(values["cost"]),
        "unit": _euros(values["unit_price"]),
        "quantity": _number(values["quantity"]),
        "budget": budget,
    }
    if status == FIT:
        return _("%(cost)s (%(unit)s × %(quantity)s), within the budget of %(budget)s") % numbers
    return _("%(cost)s (%(unit)s × %(quantity)s), over the budget of %(budget)s") % numbers


def _export_control(status: str, values: dict) -> str:
    regime = values.get("regime", "")
    if regime == ExportControl.NOT_CONTROLLED:
        return _("Not export-controlled")
    name = ExportControl(regime).label if regime in ExportControl.values else regime
    if values.get("category"):
        name = f"{name} ({values['category']})"
    if values.get("licence_held"):
        return _("%(regime)s; export licence held") % {"regime": name}
    return _("%(regime)s; no export licence held yet") % {"regime": name}


def _datasheet(status: str, values: dict) -> str:
    return _("Datasheet attached") if values.get("attached") else _("No datasheet attached")


def _field_tested(status: str, values: dict) -> str:
    return _("Field-tested in Ukraine") if values.get("tested") else _("Not field-tested in Ukraine")


PHRASES = {
    "readiness": _readiness,
    "timing": _timing,
    "capacity": _capacity,
    "price": _price,
    "export_control": _export_control,
    "datasheet": _datasheet,
    "field_tested": _field_tested,
}


# The match page's table: what the request asks beside what the offer states ----------------------------------


@dataclass(frozen=True)
class FitRow:
    check: ShownCheck
    asked: str
    offered: str


def fit_rows(checks: list[dict], capability_request, offer) -> list[FitRow]:
    """One row per check: the request's side, the offer's side, and the verdict."""
    rows = []
    for shown in shown_checks(checks):
        asked, offered = SIDES[shown.code](capability_request, offer)
        rows.append(FitRow(check=shown, asked=asked, offered=offered))
    return rows


def _stated(value, show) -> str:
    return _("not stated") if value is None else show(value)


def _readiness_sides(cr, offer) -> tuple[str, str]:
    return _("TRL ≥ %(level)s") % {"level": cr.min_trl}, _stated(offer.trl, trl_short_label)


def _timing_sides(cr, offer) -> tuple[str, str]:
    left = (cr.needed_by - timezone.localdate()).days
    when = date_format(cr.needed_by, "j E Y")
    asked = (
        _("by %(date)s (%(left)s left)") % {"date": when, "left": _days(left)}
        if left > 0
        else _("by %(date)s (passed)") % {"date": when}
    )
    lead = offer.lead_time_days
    if lead is None:
        return asked, _("not stated")
    return asked, ngettext("%(days)s day lead time", "%(days)s days lead time", lead) % {"days": _number(lead)}


def _capacity_sides(cr, offer) -> tuple[str, str]:
    asked = f"{_number(cr.quantity)} {unit_label(cr.unit)}".strip()
    return asked, _stated(offer.monthly_capacity, lambda n: _("%(capacity)s per month") % {"capacity": _number(n)})


def _price_sides(cr, offer) -> tuple[str, str]:
    asked = _("up to €%(price)s") % {"price": _number(cr.budget_max_eur)}
    unit = unit_price(offer)
    if unit is None:
        return asked, _("not stated")
    quantity = cr.quantity or 1
    offered = _("%(unit)s × %(quantity)s = %(cost)s") % {
        "unit": _euros(unit),
        "quantity": _number(quantity),
        "cost": _euros(unit * quantity),
    }
    return asked, offered


def _export_control_sides(cr, offer) -> tuple[str, str]:
    values = {"regime": offer.export_control, "category": offer.ml_category, "licence_held": offer.licence_held}
    return "—", _export_control("", values)


def _datasheet_sides(cr, offer) -> tuple[str, str]:
    return "—", _("Yes") if offer.datasheet else _("None attached")


def _field_tested_sides(cr, offer) -> tuple[str, str]:
    if not offer.field_tested_ua:
        return "—", _("No")
    if not offer.field_tested_note:
        return "—", _("Yes")
    return "—", _("Yes: %(note)s") % {"note": Truncator(offer.field_tested_note).chars(200)}


SIDES = {
    "readiness": _readiness_sides,
    "timing": _timing_sides,
    "capacity": _capacity_sides,
    "price": _price_sides,
    "export_control": _export_control_sides,
    "datasheet": _datasheet_sides,
    "field_tested": _field_tested_sides,
}
