"""A request's curator: the staff member who owns its candidates, set by staff only, and only to active staff."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from needs.services import request_curator_set
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def _curator_of(capability_request):
    capability_request.refresh_from_db()
    return capability_request.curator


def test_staff_take_a_request_hand_it_to_a_colleague_and_leave_it_to_nobody(staff, staff_b, unit_a):
    # given
    capability_request = CapabilityRequestFactory(organisation=unit_a, visibility="restricted")

    # when / then
    request_curator_set(capability_request=capability_request, curator=staff, by=staff)
    assert _curator_of(capability_request) == staff
    request_curator_set(capability_request=capability_request, curator=staff_b, by=staff)
    assert _curator_of(capability_request) == staff_b
    request_curator_set(capability_request=capability_request, curator=None, by=staff_b)
    assert _curator_of(capability_request) is None

    # and each change is in the audit trail, a restricted request named by its number only
    rows = list(AuditEntry.objects.filter(action="request.curator").order_by("pk"))
    assert [(row.actor, row.detail) for row in rows] == [
        (staff, {"from": None, "to": staff.pk}),
        (staff, {"from": staff.pk, "to": staff_b.pk}),
        (staff_b, {"from": staff_b.pk, "to": None}),
    ]
    assert {row.object_repr for row in rows} == {f"Restricted request no. {capability_request.pk}"}


def test_assigning_the_same_curator_again_changes_and_records_nothing(staff, unit_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a, curator=staff)
    request_curator_set(capability_request=capability_request, curator=staff, by=staff)
    assert not AuditEntry.objects.filter(action="request.curator").exists()


@pytest.mark.parametrize("actor", ["officer_a", "startup_a_admin"])
def test_nobody_but_staff_assigns_a_curator(request, staff, unit_a, actor):
    capability_request = CapabilityRequestFactory(organisation=unit_a)
    with pytest.raises(PermissionDenied):
        request_curator_set(capability_request=capability_request, curator=staff, by=request.getfixturevalue(actor))
    assert _curator_of(capability_request) is None


def test_a_deactivated_staff_member_assigns_nobody(staff, staff_b, unit_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a)
    staff_b.is_active = False
    staff_b.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        request_curator_set(capability_request=capability_request, curator=staff, by=staff_b)
    assert _curator_of(capability_request) is None


@pytest.mark.parametrize("assignee", ["officer_a", "startup_a_admin", "deactivated staff"])
def test_only_an_active_staff_member_can_be_the_curator(request, staff, staff_b, unit_a, assignee):
    capability_request = CapabilityRequestFactory(organisation=unit_a)
    if assignee == "deactivated staff":
        staff_b.is_active = False
        staff_b.save(update_fields=["is_active"])
        user = staff_b
    else:
        user = request.getfixturevalue(assignee)
    with pytest.raises(ValidationError) as refused:
        request_curator_set(capability_request=capability_request, curator=user, by=staff)
    assert refused.value.messages == ["Only an active member of the office can curate a request."]
    assert _curator_of(capability_request) is None
