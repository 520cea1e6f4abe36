"""The request pages as each role sees them: forms, anonymisation in the HTML, the audit, 404s and query counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needs.models import CapabilityRequest, RequestState
from needs.services import request_record_read
from tests.conftest import login
from tests.factories import member_of, restricted_reads
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

# Session, user, membership, second factor, the page's own reads and the navigation: never one per row.
MAX_LIST_QUERIES = 15
SECRETS = (
    "Військова частина А0001",
    "Андрій Офіцер",
    "officer.a@example.org",
    "120000",
    "120 000",
    "120,000",
    "340000",
    "340 000",
    "340,000",
)


def form_data(area, **changes) -> dict:
    data = {
        "title": "Дрони-перехоплювачі для захисту підстанцій",
        "language": "uk",
        "description": "Потрібні дрони-перехоплювачі проти ударних БпЛА вночі.",
        "summary_en": "Interceptor drones to protect substations at night.",
        "areas": [area("uas-aerial-interceptor").pk, area("cuas-kinetic").pk],
        "conditions": ["night", "heavy_ew"],
        "conditions_note": "Морози до -20 °C",
        "min_trl": "7",
        "quantity": "50",
        "unit": "комплектів",
        "needed_by": (timezone.localdate() + timedelta(days=45)).isoformat(),
        "budget_min_eur": "200000",
        "budget_max_eur": "900000",
        "urgency": "critical",
        "visibility": "vetted",
    }
    data.update(changes)
    return data


def test_an_officer_writes_a_request_and_finds_it_as_a_draft(client, officer_a, unit_a, area):
    # given
    login(client, officer_a)

    # when
    response = client.post(reverse("needs:create"), form_data(area))

    # then
    created = CapabilityRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("needs:detail", args=[created.pk])
    assert (created.organisation, created.state, created.language, created.min_trl) == (
        unit_a,
        RequestState.DRAFT,
        "uk",
        7,
    )
    assert sorted(created.conditions) == ["heavy_ew", "night"]
    assert created.areas.count() == 2
    page = client.get(response.url).content.decode()
    assert "Дрони-перехоплювачі для захисту підстанцій" in page and "Draft" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"needed_by": (timezone.localdate() - timedelta(days=1)).isoformat()}, "needed_by", "The date is in the past"),
        ({"min_trl": "12"}, "min_trl", "Choose a readiness level from 1 to 9."),
        ({"quantity": "0"}, "quantity", "The quantity must be at least 1."),
        ({"quantity": "-3"}, "quantity", "The quantity must be at least 1."),
        (
            {"budget_min_eur": "900001", "budget_max_eur": "900000"},
            "budget_max_eur",
            "The upper end of the budget band is below its lower end.",
        ),
        ({"quantity": str(2**31)}, "quantity", "Ensure this value is less than or equal to 2147483647."),
        ({"budget_max_eur": str(2**63)}, "budget_max_eur", "Ensure this value is less than or equal to 2147483647."),
        ({"budget_min_eur": str(2**31)}, "budget_min_eur", "Ensure this value is less than or equal to 2147483647."),
        ({"conditions": ["night", "lava"]}, "conditions", "lava is not one of the listed operating conditions."),
        ({"areas": []}, "areas", "Pick at least one capability area."),
    ],
)
def test_a_mistake_is_shown_beside_its_field_and_nothing_typed_is_lost(
    client, officer_a, area, changes, field, message
):
    # given
    login(client, officer_a)
    data = form_data(area, **changes)

    # when
    response = client.post(reverse("needs:create"), data)

    # then
    assert response.status_code == 200
    assert not CapabilityRequest.objects.exists()
    html = response.content.decode()
    assert message in html
    assert field in response.context["form"].errors
    assert 'value="Дрони-перехоплювачі для захисту підстанцій"' in html
    assert "Потрібні дрони-перехоплювачі проти ударних БпЛА вночі." in html
    assert 'value="Морози до -20 °C"' in html
    if field != "areas":
        assert f'name="areas" value="{area("cuas-kinetic").pk}" checked' in html


def test_the_form_explains_visibility_and_each_readiness_level(client, officer_a):
    login(client, officer_a)
    html = client.get(reverse("needs:create")).content.decode()
    assert "TRL 1 — basic principles observed" in html
    assert "TRL 9 — actual system proven in an operational environment" in html
    assert "without your organisation&#x27;s name" in html or "without your organisation's name" in html
    assert "Only your organisation and the office" in html


def test_an_officer_opens_edits_and_closes_a_request_through_the_pages(client, officer_a, draft_request, area):
    login(client, officer_a)
    client.post(reverse("needs:change_state", args=[draft_request.pk]), {"to": "open"})
    client.post(reverse("needs:edit", args=[draft_request.pk]), form_data(area, title="Renamed while open"))
    client.post(reverse("needs:change_state", args=[draft_request.pk]), {"to": "closed"})
    draft_request.refresh_from_db()
    assert (draft_request.title, draft_request.state) == ("Renamed while open", RequestState.CLOSED)
    assert draft_request.opened_at and draft_request.closed_at


def test_an_illegal_transition_is_refused_with_a_message(client, officer_a, draft_request):
    login(client, officer_a)
    response = client.post(reverse("needs:change_state", args=[draft_request.pk]), {"to": "fulfilled"}, follow=True)
    assert "cannot become" in response.content.decode()
    draft_request.refresh_from_db()
    assert draft_request.state == RequestState.DRAFT


def test_a_finished_request_cannot_be_edited_through_the_page(client, officer_a, unit_a, area):
    finished = CapabilityRequestFactory(organisation=unit_a, state=RequestState.FULFILLED, title="Done")
    login(client, officer_a)
    response = client.post(reverse("needs:edit", args=[finished.pk]), form_data(area, title="Changed"), follow=True)
    assert "can no longer be edited" in response.content.decode()
    finished.refresh_from_db()
    assert finished.title == "Done"


def test_officer_b_cannot_read_edit_or_close_officer_as_requests(client, officer_b, open_request, area):
    # given
    login(client, officer_b)

    # when
    responses = [
        client.get(reverse("needs:detail", args=[open_request.pk])),
        client.get(reverse("needs:edit", args=[open_request.pk])),
        client.post(reverse("needs:edit", args=[open_request.pk]), form_data(area, title="Hijacked")),
        client.post(reverse("needs:change_state", args=[open_request.pk]), {"to": "closed"}),
        client.post(reverse("needs:change_state", args=[open_request.pk]), {"to": "cancelled"}),
    ]
    listing = client.get(reverse("needs:list")).content.decode()

    # then
    assert [response.status_code for response in responses] == [404] * 5
    open_request.refresh_from_db()
    assert (open_request.title, open_request.state) == ("Thermal sights for night patrols", RequestState.OPEN)
    assert "Thermal sights for night patrols" not in listing


def test_a_vetted_startup_reads_the_request_anonymised_in_the_list_and_on_its_page(
    client, startup_a_admin, open_request
):
    # given
    login(client, startup_a_admin)

    # when
    listing = client.get(reverse("needs:list")).content.decode()
    detail = client.get(reverse("needs:detail", args=[open_request.pk])).content.decode()

    # then
    for html in (listing, detail):
        assert "Thermal sights for night patrols" in html
        assert "A Ukrainian defence unit" in html
        for secret in SECRETS:
            assert secret not in html, secret


def test_a_restricted_request_is_invisible_to_every_startup(
    client, startup_a_admin, startup_b_admin, pending_admin, restricted_request
):
    for member in (startup_a_admin, startup_b_admin, pending_admin):
        login(client, member)
        assert restricted_request.title not in client.get(reverse("needs:list")).content.decode()
        assert client.get(reverse("needs:detail", args=[restricted_request.pk])).status_code == 404


def test_a_pending_startup_sees_an_explanation_and_no_requests(client, pending_admin, open_request):
    login(client, pending_admin)
    response = client.get(reverse("needs:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Requests become visible once your organisation is vetted" in html
    assert open_request.title not in html
    assert client.get(reverse("needs:detail", args=[open_request.pk])).status_code == 404


def test_the_catalogue_filters_and_searches_from_the_query_string(client, startup_a_admin, open_request, unit_a, area):
    CapabilityRequestFactory(
        organisation=unit_a, title="Mine clearing robots", areas=[area("ugv-demining")], urgency="routine"
    )
    login(client, startup_a_admin)
    by_area = client.get(reverse("needs:list"), {"area": area("isr-sensors").pk}).content.decode()
    by_word = client.get(reverse("needs:list"), {"q": "robots"}).content.decode()
    bad_date = client.get(reverse("needs:list"), {"needed_from": "not-a-date", "urgency": "routine"}).content.decode()
    assert "Thermal sights for night patrols" in by_area and "Mine clearing robots" not in by_area
    assert "Mine clearing robots" in by_word and "Thermal sights for night patrols" not in by_word
    assert "Mine clearing robots" in bad_date and "Enter a valid date." in bad_date


def test_staff_opening_a_restricted_request_is_audited_each_time(client, staff, restricted_request):
    login(client, staff)
    client.get(reverse("needs:detail", args=[restricted_request.pk]))
    response = client.get(reverse("needs:detail", args=[restricted_request.pk]))
    records = restricted_reads(restricted_request, user=staff)
    assert records.count() == 2
    assert records.first().path == reverse("needs:detail", args=[restricted_request.pk])
    assert "has been recorded in the audit log" in response.content.decode()
    audit = client.get(reverse("profiles_staff:audit")).content.decode()
    assert f"Restricted request no. {restricted_request.pk}" in audit and "Olga Staff" in audit
    assert restricted_request.title not in audit


def test_no_audit_record_for_a_vetted_request_or_for_the_owning_officer(
    client, staff, officer_a, open_request, restricted_request
):
    login(client, staff)
    assert client.get(reverse("needs:detail", args=[open_request.pk])).status_code == 200
    login(client, officer_a)
    assert client.get(reverse("needs:detail", args=[restricted_request.pk])).status_code == 200
    assert not restricted_reads().exists()


def test_staff_see_and_edit_any_organisations_request(client, staff, open_request, area):
    login(client, staff)
    listing = client.get(
        reverse("needs:list"), {"organisation": open_request.organisation_id, "state": "open"}
    ).content.decode()
    assert open_request.title in listing and "Військова частина А0001" in listing
    client.post(reverse("needs:edit", args=[open_request.pk]), form_data(area, title="Edited by the office"))
    open_request.refresh_from_db()
    assert open_request.title == "Edited by the office"


@pytest.mark.parametrize("role", ["startup_a_admin", "officer_a", "staff"])
def test_list_pages_use_a_constant_number_of_queries(
    client, request, role, django_assert_max_num_queries, unit_a, area
):
    # given
    login(client, request.getfixturevalue(role))
    url = reverse("needs:list")
    CapabilityRequestFactory.create_batch(2, organisation=unit_a, areas=[area("uas-aerial-fpv"), area("cuas-kinetic")])
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as few:
        assert (
            client.get(url, {"area": area("unmanned-systems").pk} if role == "startup_a_admin" else {}).status_code
            == 200
        )

    # when
    CapabilityRequestFactory.create_batch(30, organisation=unit_a, areas=[area("uas-aerial-fpv"), area("cuas-kinetic")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"area": area("unmanned-systems").pk} if role == "startup_a_admin" else {})

    # then
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20


def test_the_audit_page_uses_a_constant_number_of_queries(client, staff, office, unit_a, django_assert_max_num_queries):
    login(client, staff)
    restricted = CapabilityRequestFactory(organisation=unit_a, visibility="restricted")
    request_record_read(capability_request=restricted, by=staff)
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as few:
        client.get(reverse("profiles_staff:audit"))
    for _ in range(30):
        other = CapabilityRequestFactory(organisation=unit_a, visibility="restricted")
        request_record_read(capability_request=other, by=member_of(office))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("profiles_staff:audit"))
    assert len(response.context["page"].object_list) == 31


def test_every_mistake_of_a_submission_shows_at_once(client, officer_a, area):
    # given: a missing title, quantity 0, a past date, an inverted budget and no capability area at once
    login(client, officer_a)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = form_data(
        area, title="", quantity="0", needed_by=yesterday, budget_min_eur="900001", budget_max_eur="900000", areas=[]
    )

    # when
    response = client.post(reverse("needs:create"), data)

    # then: one answer names them all
    html = response.content.decode()
    assert "This field is required." in html
    assert "The quantity must be at least 1." in html
    assert "The date is in the past" in html
    assert "The upper end of the budget band is below its lower end." in html
    assert "Pick at least one capability area." in html
    assert not CapabilityRequest.objects.exists()


def test_the_capability_area_is_marked_as_required(client, officer_a):
    html = login(client, officer_a).get(reverse("needs:create")).content.decode()
    assert '<legend class="required">Capability areas' in html
    assert "(required)" in html


def test_sending_the_new_request_form_twice_saves_one_draft(client, officer_a, area):
    # given: the form as the officer received it, with its one-time key
    login(client, officer_a)
    page = client.get(reverse("needs:create")).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    data = {**form_data(area), "submission_key": key}
    first = client.post(reverse("needs:create"), data)

    # when: Back, and the same form is sent again
    again = client.post(reverse("needs:create"), data, follow=True)

    # then
    created = CapabilityRequest.objects.get()
    assert first.url == reverse("needs:detail", args=[created.pk])
    assert again.redirect_chain[-1][0] == reverse("needs:detail", args=[created.pk])
    assert "This form was already sent: the request is saved once, here." in again.content.decode()


def test_a_new_form_saves_a_new_request(client, officer_a, area):
    login(client, officer_a)
    for _ in range(2):
        page = client.get(reverse("needs:create")).content.decode()
        key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
        client.post(reverse("needs:create"), {**form_data(area), "submission_key": key})
    assert CapabilityRequest.objects.count() == 2
