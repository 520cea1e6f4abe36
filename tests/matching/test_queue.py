"""The staff's queue as a curator works through it: a group per request, the most urgent and longest waiting
first, three pairs shown and the rest on demand, each request with its curator."""

import re
from datetime import timedelta
from html import unescape as html_unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, MatchState
from tests.conftest import login
from tests.factories import OfferFactory, OrganisationFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("matching:queue")


def _request_with_pairs(unit, title, scores, *, days_waiting=0, **fields):
    capability_request = CapabilityRequestFactory(organisation=unit, title=title, **fields)
    created_at = timezone.now() - timedelta(days=days_waiting)
    pairs = [
        make_match(
            capability_request,
            OfferFactory(organisation=OrganisationFactory(), title=f"{title} offer {round(score * 100)}"),
            score=score,
            created_at=created_at,
        )
        for score in scores
    ]
    return capability_request, pairs


def _group_titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="queue-group-\d+"><a [^>]*>([^<]+)</a></h2>', html)


def _offers_in(html: str, title: str) -> list[str]:
    """The offers named in `html` for the request `title`, in order, each once (a row names it twice)."""
    return list(dict.fromkeys(re.findall(rf"{title} offer \d+", html)))


def _section(html: str, title: str) -> str:
    start = html.index(f">{title}</a></h2>")
    end = html.find('data-testid="queue-group"', start)
    return html[start : end if end != -1 else len(html)]


def _more(client, section: str) -> str:
    """What a group's "more" loads when opened: the address its page gives, asked as htmx asks it."""
    url = html_unescape(re.search(r'hx-get="([^"]+)"', section).group(1))
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def test_a_group_shows_its_three_best_pairs_and_loads_the_rest_when_its_more_is_opened(client, staff, unit_a):
    # given: a request with five pairs
    capability_request, _ = _request_with_pairs(unit_a, "Counter-drone nets", [0.55, 0.9, 0.6, 0.8, 0.7])

    # when
    html = login(client, staff).get(QUEUE).content.decode()

    # then: the three best are on the page; the "more" (opened from the keyboard) names the other two and
    # loads them when opened, and without a script links to the request's candidates
    shown, _, more = _section(html, "Counter-drone nets").partition("<details")
    assert _offers_in(shown, "Counter-drone nets") == [
        "Counter-drone nets offer 90",
        "Counter-drone nets offer 80",
        "Counter-drone nets offer 70",
    ]
    assert html.count('name="match_ids"') == 3
    assert "<summary>2 more candidates</summary>" in more
    candidates = reverse("matching:request_candidates", args=[capability_request.pk])
    assert candidates in more

    # when: the "more" is opened
    loaded = _more(client, more)

    # then
    assert _offers_in(loaded, "Counter-drone nets") == ["Counter-drone nets offer 60", "Counter-drone nets offer 55"]
    assert loaded.count('name="match_ids"') == 2
    assert "All the request’s candidates" not in loaded

    # and: its address opened as a page (a link followed, a session that ended) is the request's candidates
    address = html_unescape(re.search(r'hx-get="([^"]+)"', more).group(1))
    assert client.get(address).url == candidates


def test_a_groups_more_lists_up_to_six_pairs_in_all_and_links_to_the_others(
    client, staff, unit_a, django_assert_max_num_queries
):
    # given: a request with twelve pairs
    capability_request, _ = _request_with_pairs(unit_a, "Shahed nets", [0.40 + n / 100 for n in range(12)])
    html = login(client, staff).get(QUEUE).content.decode()
    section = _section(html, "Shahed nets")
    assert _offers_in(section, "Shahed nets") == [f"Shahed nets offer {n}" for n in range(51, 48, -1)]
    assert "<summary>3 more candidates</summary>" in section
    assert "All 12 candidates awaiting a decision" in section

    # when: the "more" is opened
    with django_assert_max_num_queries(5):
        loaded = _more(client, section)

    # then: the next three, and a link to all of them
    assert _offers_in(loaded, "Shahed nets") == [f"Shahed nets offer {n}" for n in range(48, 45, -1)]
    assert "All the request’s candidates awaiting a decision" in loaded
    assert reverse("matching:request_candidates", args=[capability_request.pk]) in loaded


def test_a_groups_more_keeps_the_queues_filters(client, staff, unit_a):
    # given: five of a request's seven pairs are from one startup, and the queue is narrowed to it
    _, pairs = _request_with_pairs(unit_a, "Trench nets", [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3])
    startup = pairs[0].offer.organisation
    for match in pairs[2:6]:
        match.offer.organisation = startup
        match.offer.save()
    html = login(client, staff).get(QUEUE, {"startup": startup.pk}).content.decode()
    section = _section(html, "Trench nets")
    assert _offers_in(section, "Trench nets") == [
        "Trench nets offer 90",
        "Trench nets offer 70",
        "Trench nets offer 60",
    ]
    assert "<summary>2 more candidates</summary>" in section

    # when
    loaded = _more(client, section)

    # then: the startup's next two (not the whole queue's next, offer 80), and their rows go on narrowing by it
    assert _offers_in(loaded, "Trench nets") == ["Trench nets offer 50", "Trench nets offer 40"]
    assert f"?startup={startup.pk}&amp;startup={startup.pk}" in loaded

    # when: a filter leaves nothing beyond the shown pairs by the time the "more" is opened
    Match.objects.filter(pk__in=[pairs[4].pk, pairs[5].pk]).update(
        state=MatchState.DISMISSED, dismiss_reason="duplicate"
    )

    # then
    assert "No further candidate awaits a decision with these filters." in _more(client, section)


def test_a_groups_more_neither_repeats_nor_skips_a_pair_when_the_queue_changed_since_the_page_was_read(
    client, staff, unit_a
):
    # given: the page shows a request's three best of five pairs
    capability_request, pairs = _request_with_pairs(unit_a, "Mesh relays", [0.9, 0.8, 0.7, 0.6, 0.5])
    section = _section(login(client, staff).get(QUEUE).content.decode(), "Mesh relays")

    # when: before the "more" is opened, a shown pair is dismissed and a better pair is scored
    Match.objects.filter(pk=pairs[0].pk).update(state=MatchState.DISMISSED, dismiss_reason="duplicate")
    make_match(
        capability_request, OfferFactory(organisation=OrganisationFactory(), title="Mesh relays offer 95"), score=0.95
    )
    loaded = _more(client, section)

    # then: the pairs not shown, best first, and none of those shown
    assert _offers_in(loaded, "Mesh relays") == ["Mesh relays offer 95", "Mesh relays offer 60", "Mesh relays offer 50"]


def test_groups_come_most_urgent_first_then_the_longest_waiting(client, staff, unit_a):
    # given
    _request_with_pairs(unit_a, "Routine, waiting a month", [0.9], days_waiting=30, urgency="routine")
    _request_with_pairs(unit_a, "Critical, new today", [0.6], urgency="critical")
    _request_with_pairs(unit_a, "Critical, waiting a week", [0.6], days_waiting=7, urgency="critical")
    _request_with_pairs(unit_a, "Priority, waiting two days", [0.6], days_waiting=2, urgency="priority")
    shortlisted, _ = _request_with_pairs(
        unit_a, "Critical, all shortlisted", [0.6], days_waiting=20, urgency="critical"
    )
    Match.objects.filter(capability_request=shortlisted).update(state=MatchState.SHORTLISTED)

    # when
    html = login(client, staff).get(QUEUE).content.decode()

    # then: a request whose pairs all had a first look waits least among its urgency
    assert _group_titles(html) == [
        "Critical, waiting a week",
        "Critical, new today",
        "Critical, all shortlisted",
        "Priority, waiting two days",
        "Routine, waiting a month",
    ]
    assert "oldest untouched candidate: 1\xa0week" in _section(html, "Critical, waiting a week")
    assert "no untouched candidate" in _section(html, "Critical, all shortlisted")


def test_a_group_names_its_request_in_the_readers_language_its_owner_and_urgency(client, staff, unit_a):
    # given
    _request_with_pairs(
        unit_a, "Сітки проти дронів", [0.8], title_en="Counter-drone nets", urgency="critical", curator=staff
    )
    login(client, staff)

    # when / then
    english = _section(client.get(QUEUE).content.decode(), "Counter-drone nets")
    assert "Curator: Olga Staff" in english and "Critical" in english and "Військова частина А0001" in english
    client.post(reverse("switch_language"), {"language": "uk", "next": "/"})
    assert "Сітки проти дронів" in _group_titles(client.get(QUEUE).content.decode())


def test_the_queue_pages_by_request(client, staff, unit_a):
    # Ten requests a page: thirty pairs to decide on, each with its three best candidates.
    for number in range(13):
        _request_with_pairs(unit_a, f"Request {number:02}", [0.6, 0.7, 0.8, 0.9], days_waiting=30 - number)
    login(client, staff)
    first, second = client.get(QUEUE), client.get(QUEUE, {"page": 2})
    assert len(first.context["groups"]) == 10 and len(second.context["groups"]) == 3
    assert "13 requests have matches awaiting a decision." in first.content.decode()
    assert _group_titles(second.content.decode()) == ["Request 10", "Request 11", "Request 12"]


def test_mine_unassigned_and_everyone(client, staff, staff_b, unit_a):
    # given
    _request_with_pairs(unit_a, "Mine", [0.7], curator=staff)
    _request_with_pairs(unit_a, "My colleague", [0.7], curator=staff_b)
    _request_with_pairs(unit_a, "Nobody else", [0.7])
    login(client, staff)

    # when / then
    assert set(_group_titles(client.get(QUEUE, {"curator": "mine"}).content.decode())) == {"Mine"}
    assert set(_group_titles(client.get(QUEUE, {"curator": "unassigned"}).content.decode())) == {"Nobody else"}
    assert set(_group_titles(client.get(QUEUE).content.decode())) == {"Mine", "My colleague", "Nobody else"}


def test_assign_to_me_from_the_queue_then_to_a_colleague_then_to_nobody(client, staff, staff_b, unit_a):
    # given
    capability_request, _ = _request_with_pairs(unit_a, "Thermal sights", [0.7])
    login(client, staff)
    url = reverse("matching:request_curator", args=[capability_request.pk])
    back = f"{QUEUE}?curator=unassigned"
    html = client.get(back).content.decode()
    assert f'id="curator-me-{capability_request.pk}"' in html and "Assign to me" in html

    # when: "Assign to me"
    response = client.post(url, {"curator": staff.pk, "next": back}, follow=True)

    # then: back on the same queue, which no longer lists it as unassigned
    assert response.redirect_chain[-1][0] == back
    assert "You curate this request now." in response.content.decode()
    assert "Thermal sights" not in _group_titles(response.content.decode())
    assert "Thermal sights" in _group_titles(client.get(QUEUE, {"curator": "mine"}).content.decode())

    # when: a colleague chosen in the menu, then nobody
    response = client.post(url, {"curator": staff_b.pk}, follow=True)
    assert "Bohdan Second curates this request now." in response.content.decode()
    client.post(url, {"curator": ""})

    # then
    capability_request.refresh_from_db()
    assert capability_request.curator is None


def test_the_candidates_page_assigns_too_and_refuses_someone_not_in_the_office(client, staff, officer_a, unit_a):
    capability_request, _ = _request_with_pairs(unit_a, "Thermal sights", [0.7])
    login(client, staff)
    page = reverse("matching:request_candidates", args=[capability_request.pk])
    url = reverse("matching:request_curator", args=[capability_request.pk])
    assert "Assign to me" in client.get(page).content.decode()

    response = client.post(url, {"curator": officer_a.pk, "next": page}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "Select a valid choice." in response.content.decode()

    client.post(url, {"curator": staff.pk, "next": "https://elsewhere.example/"})
    capability_request.refresh_from_db()
    assert capability_request.curator == staff
    assert "Curator: Olga Staff" in client.get(page).content.decode()


def test_a_bulk_action_reaches_pairs_behind_more(client, staff, unit_a):
    # given
    _, pairs = _request_with_pairs(unit_a, "Counter-drone nets", [0.9, 0.8, 0.7, 0.6, 0.5])
    hidden = pairs[-1]

    # when
    response = login(client, staff).post(
        QUEUE, {"action": "dismiss", "reason": "duplicate", "match_ids": [pairs[0].pk, hidden.pk]}, follow=True
    )

    # then
    assert "2 matches updated." in response.content.decode()
    assert set(Match.objects.filter(state=MatchState.DISMISSED)) == {pairs[0], hidden}
    assert response.context["groups"][0]["shown"][0]["match"] == pairs[1]


def test_the_search_box_keeps_the_groups_whose_request_or_offer_answers_it(client, staff, unit_a):
    _request_with_pairs(unit_a, "Demining flails", [0.7])
    _request_with_pairs(unit_a, "Thermal sights", [0.7])
    html = login(client, staff).get(QUEUE, {"q": "flails"}).content.decode()
    assert _group_titles(html) == ["Demining flails"]


def test_a_row_shows_the_pair_as_a_curator_reads_it_and_markup_typed_by_a_party_as_text(client, staff, unit_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a, title="Counter-drone <i>net</i>")
    startup = OrganisationFactory(legal_name="Nets & <b>Co</b>")
    offer = OfferFactory(organisation=startup, title='Net "launcher" <script>alert(1)</script>', trl=7)
    note = "We answer <b>this</b> & more. " + "x" * 300
    make_match(
        capability_request,
        offer,
        score=0.83,
        source="startup_interest",
        pull_note=note,
        created_at=timezone.now() - timedelta(days=3),
    )
    row = re.search(
        r'<li class="card queue-row pulled".*?</div>\n</li>',
        login(client, staff).get(QUEUE + "?urgency=").content.decode(),
        re.S,
    ).group()
    assert "<script>" not in row and "<b>" not in row
    text = html_unescape(re.sub(r"<[^>]+>", " ", row))
    assert 'Net "launcher" <script>alert(1)</script>' in text and "Nets & <b>Co</b>" in text and "TRL 7" in text
    assert "Startup's interest" in text and "3\xa0days ago" in text and "83%" in text
    assert "“We answer <b>this</b> & more. " + "x" * 169 + "…”" in text
    assert f"startup={startup.pk}" in row and "urgency=&amp;startup=" in row
    assert "1 check fits" in text and "Timing" in text
