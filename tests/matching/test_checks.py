"""The structural checklist of a pair: each check a verdict with its values, at the edges too."""

import datetime as dt
from collections import namedtuple
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine import Explanation
from matching.checks import failed_count, pair_checks
from matching.models import Match
from matching.services import matches_refresh_for_request
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

Result = namedtuple("Result", "offer_id score explanation engine_version config_hash")

TODAY = dt.date(2027, 1, 1)


def request_(**fields):
    values = {"min_trl": 7, "needed_by": TODAY + dt.timedelta(days=90), "quantity": 100, "budget_max_eur": 100_000}
    return SimpleNamespace(**{**values, **fields})


def offer_(**fields):
    values = {
        "trl": 7,
        "lead_time_days": 30,
        "monthly_capacity": 50,
        "price_min_eur": 500,
        "price_max_eur": 800,
        "export_control": "not_controlled",
        "ml_category": "",
        "licence_held": False,
        "datasheet": "",
        "field_tested_ua": False,
    }
    return SimpleNamespace(**{**values, **fields})


def checks(request=None, offer=None) -> dict[str, dict]:
    return {item["code"]: item for item in pair_checks(request or request_(), offer or offer_(), TODAY)}


def test_a_trl_exactly_the_minimum_fits_one_level_short_warns_two_fail():
    assert checks(offer=offer_(trl=7))["readiness"] == {
        "code": "readiness",
        "status": "fit",
        "values": {"minimum": 7, "trl": 7},
    }
    assert checks(offer=offer_(trl=6))["readiness"]["status"] == "warn"
    assert checks(offer=offer_(trl=5))["readiness"]["status"] == "fail"


def test_a_request_without_a_deadline_has_no_timing_check_and_counts_one_month_of_production():
    found = checks(request_(needed_by=None), offer_(monthly_capacity=100))

    assert "timing" not in found
    assert found["capacity"]["status"] == "fit"
    assert found["capacity"]["values"] == {"quantity": 100, "monthly_capacity": 100, "months": 1, "deliverable": 100}


def test_a_lead_time_is_judged_against_the_days_left():
    assert checks(offer=offer_(lead_time_days=90))["timing"]["status"] == "fit"
    assert checks(offer=offer_(lead_time_days=120))["timing"]["status"] == "warn"
    assert checks(offer=offer_(lead_time_days=200))["timing"]["status"] == "fail"
    assert checks(request_(needed_by=TODAY - dt.timedelta(days=1)))["timing"]["status"] == "fail"


def test_capacity_counts_the_months_between_the_lead_time_and_the_deadline():
    # 90 days left, 30 days of lead time: two months of 50
    found = checks()["capacity"]
    assert found["status"] == "fit" and found["values"]["deliverable"] == 100
    assert checks(offer=offer_(monthly_capacity=30))["capacity"]["status"] == "warn"
    assert checks(offer=offer_(monthly_capacity=20))["capacity"]["status"] == "fail"


def test_an_unknown_value_warns_as_not_stated():
    found = checks(offer=offer_(monthly_capacity=None, price_min_eur=None, price_max_eur=None, trl=None))

    assert found["capacity"]["status"] == "warn" and found["capacity"]["values"]["monthly_capacity"] is None
    assert found["price"]["status"] == "warn" and found["price"]["values"]["unit_price"] is None
    assert found["readiness"]["status"] == "warn"


def test_price_is_the_unit_price_times_the_quantity_against_the_budget():
    assert checks()["price"]["values"] == {"budget": 100_000, "quantity": 100, "unit_price": 500, "cost": 50_000}
    assert checks(offer=offer_(price_min_eur=1_200))["price"]["status"] == "warn"
    over = checks(offer=offer_(price_min_eur=2_000))["price"]
    assert over["status"] == "fail" and over["values"]["cost"] == 200_000
    assert "price" not in checks(request_(budget_max_eur=None))


def test_a_controlled_item_is_a_warning_and_the_offer_facts_are_told():
    found = checks(offer=offer_(export_control="ml", ml_category="ML10", licence_held=True, datasheet="a.pdf"))

    assert found["export_control"] == {
        "code": "export_control",
        "status": "warn",
        "values": {"regime": "ml", "category": "ML10", "licence_held": True},
    }
    assert found["datasheet"]["status"] == "fit"
    assert found["field_tested"]["status"] == "warn"


def test_failures_are_counted():
    found = pair_checks(request_(), offer_(trl=3, price_min_eur=5_000), TODAY)

    assert failed_count(found) == 2


@pytest.mark.django_db
def test_storing_a_requests_candidates_reads_their_offers_at_once(unit_a, startup_a):
    # given: the engine's results for a request, three candidates and then ten
    capability_request = CapabilityRequestFactory(organisation=unit_a, budget_max_eur=1_000)
    offers = [OfferFactory(organisation=startup_a, price_min_eur=5_000) for _ in range(10)]

    def refresh(count: int) -> int:
        results = [
            Result(
                offer_id=str(offer.pk),
                score=0.5,
                explanation=Explanation(terms=[("radar", None)], areas=[]),
                engine_version="test",
                config_hash="test",
            )
            for offer in offers[:count]
        ]
        with CaptureQueriesContext(connection) as queries:
            matches_refresh_for_request(capability_request_id=capability_request.pk, results=results)
        return len(queries)

    # when / then: as many queries for ten as for three
    Match.objects.all().delete()
    few = refresh(3)
    Match.objects.all().delete()
    assert refresh(10) == few
    stored = Match.objects.filter(capability_request=capability_request)
    assert stored.count() == 10 and {match.failed_checks for match in stored} == {1}
    assert {check["code"] for check in stored[0].checks} >= {"readiness", "timing", "capacity", "price"}
