"""In a real browser: staff work through the queue, a group per request: they tick matches and act on them in
bulk, open a group's further pairs from the keyboard, and take a request as its curator."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from matching.models import Match, MatchState
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import PHONE, snap
from tests.e2e.test_requests import log_in
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def suggested(unit_a, startup_a, startup_b):
    request = CapabilityRequestFactory(organisation=unit_a, title="Interceptors for substations")
    return [
        make_match(request, OfferFactory(organisation=startup_a, title="Alpha interceptor"), score=0.9),
        make_match(request, OfferFactory(organisation=startup_b, title="Bravo interceptor"), score=0.7),
    ]


def _open_queue(page, staff):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, staff, device=enrol_authenticator(staff))
    page.goto(reverse("matching:queue"))
    expect(page.get_by_test_id("queue-row")).to_have_count(2)
    return errors


def _tick(page, title: str) -> None:
    page.get_by_test_id("queue-row").filter(has_text=title).get_by_role("checkbox").check()


def test_the_queue_loads_without_a_script_error(page, staff, suggested):
    # when
    errors = _open_queue(page, staff)
    _tick(page, "Alpha interceptor")
    page.evaluate("() => new Promise(requestAnimationFrame)")

    # then
    assert errors == []
    snap(page, "queue-en")
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    assert errors == []
    snap(page, "queue-uk")


def test_a_row_s_startup_narrows_the_queue_to_it_and_the_chip_widens_it_again(page, staff, suggested):
    # given
    _open_queue(page, staff)
    page.get_by_role("button", name="УКР").click()

    # when
    page.get_by_role("link", name=suggested[1].offer.organisation.legal_name).click()

    # then
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    expect(page.get_by_text(f"Стартап: {suggested[1].offer.organisation.legal_name}")).to_be_visible()
    snap(page, "queue-narrowed-uk")
    page.get_by_role("link", name="Вилучити").click()
    expect(page.get_by_test_id("queue-row")).to_have_count(2)


def test_enter_in_the_dismissal_note_never_shortlists(page, staff, suggested):
    # given
    errors = _open_queue(page, staff)
    _tick(page, "Alpha interceptor")

    # when: a note without a reason, then Enter
    page.get_by_label("Note").fill("Same kit as last month")
    page.get_by_label("Note").press("Enter")

    # then: nothing changes, and the page asks for a reason
    expect(page.locator(".messages")).to_contain_text("Choose why the matches are dismissed.")
    assert Match.objects.get(pk=suggested[0].pk).state == MatchState.SUGGESTED

    # when: a reason and a note, then Enter
    _tick(page, "Alpha interceptor")
    page.get_by_label("Reason for dismissing").select_option("duplicate")
    page.get_by_label("Note").fill("Same kit as last month")
    page.get_by_label("Note").press("Enter")

    # then: the ticked match is dismissed, the other is untouched
    expect(page.locator(".messages")).to_contain_text("1 matches updated.")
    dismissed = Match.objects.get(pk=suggested[0].pk)
    assert (dismissed.state, dismissed.dismiss_reason) == (MatchState.DISMISSED, "duplicate")
    assert Match.objects.get(pk=suggested[1].pk).state == MatchState.SUGGESTED
    assert errors == []


def test_on_a_phone_the_queue_starts_with_its_pairs_and_the_filters_open_on_demand(page, staff, suggested):
    # given
    _open_queue(page, staff)

    # when
    page.set_viewport_size(PHONE)
    page.reload()

    # then: the first pair is on the first screen; the filters fold away until asked for
    assert page.get_by_test_id("queue-row").first.bounding_box()["y"] < PHONE["height"]
    area = page.get_by_label("Capability area")
    expect(area).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    expect(area).to_be_visible()
    snap(page, "queue-phone-filters")


def test_a_curator_opens_a_groups_further_pairs_from_the_keyboard_and_takes_the_request(
    page, staff, suggested, startup_a
):
    # given: the request has two more pairs than its group shows
    request = suggested[0].capability_request
    for title, score in (("Charlie interceptor", 0.65), ("Delta interceptor", 0.6)):
        make_match(request, OfferFactory(organisation=startup_a, title=title), score=score)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, staff, device=enrol_authenticator(staff))
    page.goto(reverse("matching:queue"))
    group = page.get_by_test_id("queue-group").filter(has_text="Interceptors for substations")
    expect(group.get_by_test_id("queue-row").filter(visible=True)).to_have_count(3)

    # when: the "more" is opened with the keyboard
    more = group.get_by_text("1 more candidate")
    more.focus()
    page.keyboard.press("Enter")

    # then
    expect(group.get_by_test_id("queue-row").filter(visible=True)).to_have_count(4)
    expect(group.get_by_test_id("queue-row").last).to_contain_text("Delta interceptor")
    snap(page, "queue-group-more-opened")

    # when: the curator takes the request
    group.get_by_role("button", name="Assign to me").click()

    # then
    expect(page.locator(".messages")).to_contain_text("You curate this request now.")
    group = page.get_by_test_id("queue-group").filter(has_text="Interceptors for substations")
    expect(group).to_contain_text("Curator: Olga Staff")
    expect(group.get_by_role("button", name="Assign to me")).to_have_count(0)
    assert errors == []
    snap(page, "queue-group-curated")
