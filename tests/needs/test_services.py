"""Services for capability requests: who may write, what is validated, and the state machine."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from needs.models import CapabilityRequest, RequestState, Visibility
from needs.services import (
    RequestFields,
    request_cancel,
    request_close,
    request_create,
    request_fulfil,
    request_open,
    request_record_read,
    request_update,
)
from tests.factories import restricted_reads
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(area):
    def build(**changes) -> RequestFields:
        values = dict(
            title="Дрони-перехоплювачі для захисту енергетики",
            description="Потрібні дрони-перехоплювачі проти «шахедів» уночі.",
            language="uk",
            min_trl=6,
            quantity=40,
            unit="комплектів",
            needed_by=timezone.localdate() + timedelta(days=60),
            areas=(area("uas-aerial-interceptor"),),
            conditions=("night", "heavy_ew"),
            budget_min_eur=100000,
            budget_max_eur=500000,
            urgency="critical",
            visibility="vetted",
        )
        values.update(changes)
        return RequestFields(**values)

    return build


def test_an_officer_creates_a_draft_for_their_own_organisation(officer_a, unit_a, fields):
    # when
    created = request_create(fields=fields(), by=officer_a)

    # then
    created.refresh_from_db()
    assert created.organisation == unit_a
    assert created.created_by == officer_a
    assert created.state == RequestState.DRAFT
    assert created.opened_at is None
    assert created.language == "uk"
    assert created.conditions == ["night", "heavy_ew"]
    assert [a.slug for a in created.areas.all()] == ["uas-aerial-interceptor"]
    assert (created.budget_min_eur, created.budget_max_eur) == (100000, 500000)


@pytest.mark.parametrize("role", ["startup_a_admin", "pending_admin", "staff"])
def test_nobody_but_an_officer_creates_requests(request, role, fields):
    with pytest.raises(PermissionDenied):
        request_create(fields=fields(), by=request.getfixturevalue(role))
    assert not CapabilityRequest.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"needed_by": timezone.localdate() - timedelta(days=1)}, "needed_by"),
        ({"min_trl": 0}, "min_trl"),
        ({"min_trl": 10}, "min_trl"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": -5}, "quantity"),
        ({"budget_min_eur": 600000, "budget_max_eur": 500000}, "budget_max_eur"),
        ({"budget_min_eur": -1, "budget_max_eur": None}, "budget_min_eur"),
        ({"conditions": ("night", "underwater_volcano")}, "conditions"),
        ({"areas": ()}, "areas"),
        ({"title": "   "}, "title"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"visibility": "public"}, "visibility"),
        ({"language": "de"}, "language"),
    ],
)
def test_invalid_values_are_refused_with_a_message_for_their_field(officer_a, fields, changes, field):
    with pytest.raises(ValidationError) as error:
        request_create(fields=fields(**changes), by=officer_a)
    assert field in error.value.message_dict
    assert not CapabilityRequest.objects.exists()


def test_a_budget_band_may_be_one_sided_or_absent(officer_a, fields):
    request_create(fields=fields(budget_min_eur=None, budget_max_eur=None), by=officer_a)
    request_create(fields=fields(budget_min_eur=None, budget_max_eur=1000), by=officer_a)
    assert CapabilityRequest.objects.count() == 2


def test_opening_a_draft_records_the_time_and_closing_records_it_too(officer_a, draft_request):
    # when
    opened = request_open(capability_request=draft_request, by=officer_a)

    # then
    assert opened.state == RequestState.OPEN and opened.opened_at is not None and opened.closed_at is None
    closed = request_close(capability_request=opened, by=officer_a)
    closed.refresh_from_db()
    assert closed.state == RequestState.CLOSED and closed.closed_at >= closed.opened_at


@pytest.mark.parametrize(
    "service, state",
    [
        (request_fulfil, RequestState.FULFILLED),
        (request_close, RequestState.CLOSED),
        (request_cancel, RequestState.CANCELLED),
    ],
)
def test_an_open_request_can_be_fulfilled_closed_or_cancelled(officer_a, open_request, service, state):
    service(capability_request=open_request, by=officer_a)
    open_request.refresh_from_db()
    assert open_request.state == state
    assert open_request.closed_at is not None


def test_a_draft_may_be_cancelled(officer_a, draft_request):
    request_cancel(capability_request=draft_request, by=officer_a)
    draft_request.refresh_from_db()
    assert draft_request.state == RequestState.CANCELLED


@pytest.mark.parametrize(
    "from_state, service",
    [
        (RequestState.DRAFT, request_close),
        (RequestState.DRAFT, request_fulfil),
        (RequestState.OPEN, request_open),
        (RequestState.CLOSED, request_open),
        (RequestState.CLOSED, request_fulfil),
        (RequestState.FULFILLED, request_close),
        (RequestState.CANCELLED, request_open),
        (RequestState.CANCELLED, request_cancel),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message_and_change_nothing(
    officer_a, unit_a, from_state, service
):
    # given
    capability_request = CapabilityRequestFactory(organisation=unit_a, state=from_state)

    # when
    with pytest.raises(ValidationError) as error:
        service(capability_request=capability_request, by=officer_a)

    # then
    assert "cannot become" in " ".join(error.value.messages)
    capability_request.refresh_from_db()
    assert capability_request.state == from_state


def test_a_draft_whose_date_has_passed_cannot_be_opened(officer_a, unit_a):
    stale = CapabilityRequestFactory(
        organisation=unit_a, state=RequestState.DRAFT, needed_by=timezone.localdate() - timedelta(days=2)
    )
    with pytest.raises(ValidationError) as error:
        request_open(capability_request=stale, by=officer_a)
    assert "needed_by" in error.value.message_dict


def test_editing_an_open_request_updates_it_and_its_change_time(officer_a, open_request, fields):
    # given
    before = open_request.updated_at

    # when
    request_update(
        capability_request=open_request, fields=fields(title="Нова назва", visibility="restricted"), by=officer_a
    )

    # then
    open_request.refresh_from_db()
    assert open_request.title == "Нова назва"
    assert open_request.visibility == Visibility.RESTRICTED
    assert open_request.state == RequestState.OPEN
    assert open_request.updated_at > before


def test_an_open_request_past_its_date_can_still_be_edited_if_the_date_is_left_alone(officer_a, unit_a, fields):
    past = timezone.localdate() - timedelta(days=3)
    capability_request = CapabilityRequestFactory(organisation=unit_a, needed_by=past)
    request_update(
        capability_request=capability_request, fields=fields(needed_by=past, title="Still needed"), by=officer_a
    )
    capability_request.refresh_from_db()
    assert capability_request.title == "Still needed"


@pytest.mark.parametrize("state", [RequestState.CLOSED, RequestState.FULFILLED, RequestState.CANCELLED])
def test_a_finished_request_is_read_only(officer_a, unit_a, fields, state):
    finished = CapabilityRequestFactory(organisation=unit_a, state=state, title="Original")
    with pytest.raises(ValidationError):
        request_update(capability_request=finished, fields=fields(title="Changed"), by=officer_a)
    finished.refresh_from_db()
    assert finished.title == "Original"


def test_staff_may_edit_and_close_any_request(staff, open_request, fields):
    request_update(capability_request=open_request, fields=fields(title="Edited by the office"), by=staff)
    request_close(capability_request=open_request, by=staff)
    open_request.refresh_from_db()
    assert (open_request.title, open_request.state) == ("Edited by the office", RequestState.CLOSED)


@pytest.mark.parametrize("role", ["officer_b", "startup_a_admin", "pending_admin"])
def test_nobody_outside_the_organisation_changes_its_requests(request, role, open_request, fields):
    # given
    actor = request.getfixturevalue(role)

    # when / then
    with pytest.raises(PermissionDenied):
        request_update(capability_request=open_request, fields=fields(title="Hijacked"), by=actor)
    for service in (request_close, request_cancel, request_fulfil):
        with pytest.raises(PermissionDenied):
            service(capability_request=open_request, by=actor)
    open_request.refresh_from_db()
    assert open_request.title == "Thermal sights for night patrols"
    assert open_request.state == RequestState.OPEN


def test_changes_are_announced_only_once_committed(
    officer_a, draft_request, django_capture_on_commit_callbacks, caplog
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        caplog.at_level("INFO", logger="needs.services"),
    ):
        request_open(capability_request=draft_request, by=officer_a)
    assert callbacks
    assert "capability request" not in caplog.text
    with caplog.at_level("INFO", logger="needs.services"):
        for callback in callbacks:
            callback()
    assert f"capability request {draft_request.pk} open by user {officer_a.pk}" in caplog.text


def test_a_staff_read_of_a_restricted_request_is_recorded(staff, restricted_request):
    assert request_record_read(capability_request=restricted_request, by=staff)
    assert restricted_reads(restricted_request, user=staff).count() == 1


def test_other_reads_leave_no_audit_record(staff, officer_a, open_request, restricted_request):
    request_record_read(capability_request=open_request, by=staff)
    request_record_read(capability_request=restricted_request, by=officer_a)
    assert not restricted_reads().exists()
