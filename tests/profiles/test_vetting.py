"""Staff move organisations through the vetting states; illegal moves change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from profiles.models import VettingEvent, VettingState
from profiles.services import organisation_set_vetting
from tests.conftest import login

pytestmark = pytest.mark.django_db

LEGAL = [
    (VettingState.PENDING, VettingState.VETTED),
    (VettingState.PENDING, VettingState.REJECTED),
    (VettingState.VETTED, VettingState.SUSPENDED),
    (VettingState.SUSPENDED, VettingState.VETTED),
]
ILLEGAL = [
    (VettingState.PENDING, VettingState.SUSPENDED),
    (VettingState.VETTED, VettingState.REJECTED),
    (VettingState.VETTED, VettingState.PENDING),
    (VettingState.REJECTED, VettingState.VETTED),
    (VettingState.REJECTED, VettingState.PENDING),
]


@pytest.mark.parametrize(("from_state", "to_state"), LEGAL)
def test_legal_transitions_are_recorded(staff, pending_startup, from_state, to_state):
    # given
    pending_startup.vetting_state = from_state
    pending_startup.vetted_at = None if from_state == VettingState.PENDING else timezone.now()
    pending_startup.save()

    # when
    organisation = organisation_set_vetting(
        organisation=pending_startup, to_state=to_state, note="Checked the register.", by=staff
    )

    # then
    assert organisation.vetting_state == to_state
    assert organisation.vetted_by == staff and organisation.vetted_at is not None
    event = VettingEvent.objects.get(organisation=pending_startup)
    assert (event.from_state, event.to_state, event.actor, event.note) == (
        from_state,
        to_state,
        staff,
        "Checked the register.",
    )


@pytest.mark.parametrize(("from_state", "to_state"), ILLEGAL)
def test_illegal_transitions_are_refused(staff, pending_startup, from_state, to_state):
    # given
    pending_startup.vetting_state = from_state
    pending_startup.vetted_at = None if from_state == VettingState.PENDING else timezone.now()
    pending_startup.save()

    # when
    with pytest.raises(ValidationError):
        organisation_set_vetting(organisation=pending_startup, to_state=to_state, note="x", by=staff)

    # then
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == from_state
    assert not VettingEvent.objects.exists()


def test_a_rejection_needs_a_reason(staff, pending_startup):
    with pytest.raises(ValidationError):
        organisation_set_vetting(organisation=pending_startup, to_state=VettingState.REJECTED, note=" ", by=staff)


def test_only_staff_can_vet(startup_a_admin, pending_startup):
    with pytest.raises(PermissionDenied):
        organisation_set_vetting(
            organisation=pending_startup, to_state=VettingState.VETTED, note="", by=startup_a_admin
        )


def test_staff_vet_through_the_staff_area_and_the_startup_is_told(
    client, staff, pending_startup, pending_admin, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    login(client, staff)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles_staff:organisation_detail", args=[pending_startup.pk]),
            {"to_state": "vetted", "note": "Registry checked."},
        )

    # then
    assert response.status_code == 302
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.VETTED
    assert mailoutbox[0].to == [pending_admin.email]
    page = client.get(reverse("profiles_staff:organisation_detail", args=[pending_startup.pk])).content.decode()
    assert "Registry checked." in page


def test_the_vetting_queue_lists_pending_organisations_only(
    client, staff, pending_startup, startup_a, django_assert_max_num_queries
):
    # given
    login(client, staff)

    # when
    with django_assert_max_num_queries(12):
        page = client.get(reverse("profiles_staff:organisation_list"), {"state": "pending"}).content.decode()

    # then
    assert pending_startup.legal_name in page
    assert startup_a.legal_name not in page
