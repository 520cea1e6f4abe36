"""The dashboard's figures against numbers worked out by hand, its page, and the CSV exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from innovation_office.csv_export import csv_safe
from matching.selectors import dashboard
from taxonomy.models import CapabilityArea
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def area(slug):
    return CapabilityArea.objects.get(slug=slug)


@pytest.fixture
def figures(unit_a, startup_a):
    """Four open requests and one closed, with matches in known states at known times.

    Unmanned systems: R1 (interceptors, candidate 0.8), R2 (FPV, only a dismissed pair and one below the
    threshold) → 1 with, 1 without. Demining: R3 (no match) → 0 with, 1 without. R4 is tagged in both trees
    and has a proposed pair at 0.5 → counts as "with" in both. The closed request R5 counts nowhere."""
    now = timezone.now()
    r1 = CapabilityRequestFactory(
        organisation=unit_a, urgency="critical", areas=[area("uas-aerial-interceptor")], opened_at=now - 10 * DAY
    )
    r2 = CapabilityRequestFactory(
        organisation=unit_a, urgency="critical", areas=[area("uas-aerial-fpv")], opened_at=now - 4 * DAY
    )
    r3 = CapabilityRequestFactory(organisation=unit_a, urgency="routine", areas=[area("demining")])
    r4 = CapabilityRequestFactory(
        organisation=unit_a,
        urgency="priority",
        areas=[area("uas-aerial-fpv"), area("demining")],
        opened_at=now - 6 * DAY,
    )
    r5 = CapabilityRequestFactory(organisation=unit_a, state="closed", areas=[area("demining")])
    offers = [OfferFactory(organisation=startup_a) for _ in range(4)]
    make_match(r1, offers[0], score=0.8, state="accepted", proposed_at=now - 8 * DAY, accepted_at=now - 5 * DAY)
    make_match(r1, offers[1], score=0.9, state="proposed", proposed_at=now - 7 * DAY)
    make_match(r2, offers[0], score=0.9, state="dismissed")
    make_match(r2, offers[1], score=0.3, state="suggested")
    make_match(r4, offers[2], score=0.5, state="piloting", proposed_at=now - 5 * DAY, accepted_at=now - 4 * DAY)
    make_match(r5, offers[3], score=0.9, state="suggested")
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4}


def test_the_funnel_counts_matches_in_each_state(figures, staff):
    counts = {row.key: row.value for row in dashboard.funnel(staff)}
    assert counts == {
        "suggested": 2,
        "shortlisted": 0,
        "proposed": 1,
        "accepted": 1,
        "piloting": 1,
        "contracted": 0,
        "closed": 0,
        "dismissed": 1,
        "declined": 0,
    }


def test_capability_gaps_split_open_requests_by_a_live_candidate_above_the_threshold(figures, staff, settings):
    settings.MATCHING_THRESHOLD = 0.4
    gaps = {gap.area: (gap.with_candidate, gap.without_candidate) for gap in dashboard.capability_gaps(staff)}
    assert gaps == {area("unmanned-systems").name: (2, 1), area("demining").name: (1, 1)}


def test_a_higher_threshold_turns_a_weak_candidate_into_a_gap(figures, staff, settings):
    settings.MATCHING_THRESHOLD = 0.6
    gaps = {gap.area: (gap.with_candidate, gap.without_candidate) for gap in dashboard.capability_gaps(staff)}
    assert gaps == {area("unmanned-systems").name: (1, 2), area("demining").name: (0, 2)}


def test_median_times_to_the_first_proposal_and_to_acceptance(figures, staff):
    # r1 opened 10 days ago, first proposal 8 days ago: 2 days; r4: 6 → 5 days ago: 1 day. Median 1.5.
    assert dashboard.time_to_first_proposal(staff) == dashboard.Pace(median_days=1.5, count=2)
    # proposal → acceptance: 3 days and 1 day. Median 2.
    assert dashboard.time_to_acceptance(staff) == dashboard.Pace(median_days=2.0, count=2)


def test_open_requests_by_urgency(figures, staff):
    assert [(row.key, row.value) for row in dashboard.requests_by_urgency(staff)] == [
        ("critical", 2),
        ("priority", 1),
        ("routine", 1),
    ]


def test_no_figures_for_anyone_but_staff(figures, officer_a):
    from django.http import Http404

    with pytest.raises(Http404):
        dashboard.funnel(officer_a)


def test_the_page_counts_at_most_once_a_minute_in_each_language(client, figures, staff, unit_a, startup_a):
    url = reverse("matching_dashboard:index")
    login(client, staff)
    first = client.get(url)
    suggested = {row.key: row.value for row in first.context["funnel"]}["suggested"]
    make_match(CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a))

    again = client.get(url)
    assert {row.key: row.value for row in again.context["funnel"]}["suggested"] == suggested
    assert "Counted at" in again.content.decode()
    # A minute later the page counts again (the kept figures are gone).
    cache.clear()
    later = client.get(url)
    assert {row.key: row.value for row in later.context["funnel"]}["suggested"] == suggested + 1
    # Kept figures are kept per language: the Ukrainian page names the states in Ukrainian.
    client.cookies["django_language"] = "uk"
    assert "Підібрано системою" in client.get(url).content.decode()


def test_kept_figures_still_answer_404_to_anyone_but_staff(client, figures, staff, officer_a):
    from django.http import Http404

    login(client, staff).get(reverse("matching_dashboard:index"))
    with pytest.raises(Http404):
        dashboard.figures(officer_a)


def test_the_page_draws_the_charts_as_svg(client, figures, staff):
    response = login(client, staff).get(reverse("matching_dashboard:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="chart"') == 3
    assert 'class="bar gap"' in html and 'class="bar covered"' in html
    assert "1.5" in html and "2.0" in html
    assert "style=" not in html.split("<main", 1)[1]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_match_export_has_a_header_and_one_row_per_match(client, figures, staff, unit_a):
    response = login(client, staff).get(reverse("matching_dashboard:matches_csv"))
    rows = _csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][:5] == ["Match", "State", "Source", "Score", "Request"]
    assert len(rows) == 1 + 6
    first = rows[1]
    assert first[1] == "accepted" and first[3] == "0.800" and first[5] == unit_a.legal_name


def test_the_gap_export_matches_the_figures(client, figures, staff, settings):
    settings.MATCHING_THRESHOLD = 0.4
    rows = _csv(login(client, staff).get(reverse("matching_dashboard:gaps_csv")))
    assert rows[0] == ["Capability area", "Open requests", "With a candidate", "Without a candidate"]
    assert sorted(rows[1:]) == sorted(
        [[area("unmanned-systems").name, "3", "2", "1"], [area("demining").name, "2", "1", "1"]]
    )


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(client, staff, unit_a, startup_a):
    # given: titles written to run in a spreadsheet
    request = CapabilityRequestFactory(organisation=unit_a, title='=HYPERLINK("http://evil.example","x")')
    make_match(request, OfferFactory(organisation=startup_a, title="@SUM(1+1)"))
    # when
    rows = _csv(login(client, staff).get(reverse("matching_dashboard:matches_csv")))
    # then
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][7] == "'@SUM(1+1)"


@pytest.mark.parametrize(
    "value, expected", [("=1+2", "'=1+2"), ("+31", "'+31"), ("-2", "'-2"), ("@x", "'@x"), ("plain", "plain"), (3, "3")]
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


@pytest.mark.parametrize(
    "name", ["matching_dashboard:index", "matching_dashboard:matches_csv", "matching_dashboard:gaps_csv"]
)
def test_only_staff_reach_the_dashboard_and_its_exports(client, roles, name):
    for role, user in roles.items():
        if user is None:
            continue
        client.logout()
        response = login(client, user).get(reverse(name))
        assert response.status_code == (200 if role == "staff" else 404), role


def test_a_pace_under_a_day_is_shown_in_hours(client, staff, unit_a, startup_a):
    now = timezone.now()
    request = CapabilityRequestFactory(organisation=unit_a, opened_at=now - timedelta(hours=8))
    make_match(request, OfferFactory(organisation=startup_a), state="proposed", proposed_at=now - timedelta(hours=2))
    assert dashboard.time_to_first_proposal(staff).median_hours == 6.0
    assert "6.0 hours" in login(client, staff).get(reverse("matching_dashboard:index")).content.decode()


def test_a_pace_under_an_hour_says_so(client, staff, unit_a, startup_a):
    now = timezone.now()
    request = CapabilityRequestFactory(organisation=unit_a, opened_at=now - timedelta(minutes=30))
    make_match(request, OfferFactory(organisation=startup_a), state="proposed", proposed_at=now - timedelta(minutes=10))
    assert "Under an hour" in login(client, staff).get(reverse("matching_dashboard:index")).content.decode()
