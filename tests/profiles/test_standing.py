"""The standing rule on accounts: an organisation out of good standing manages nobody."""

import pytest
from django.core.exceptions import PermissionDenied

from profiles.models import Invitation, Membership, VettingState
from profiles.services import invitation_create, membership_remove, organisation_set_vetting
from tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", [VettingState.SUSPENDED, VettingState.REJECTED])
def test_the_admin_of_an_organisation_out_of_good_standing_invites_and_removes_nobody(
    staff, startup_a, startup_a_admin, state
):
    # given
    colleague = member_of(startup_a, role="member")
    if state == VettingState.REJECTED:
        startup_a.vetting_state = VettingState.PENDING
        startup_a.save(update_fields=["vetting_state"])
    organisation_set_vetting(organisation=startup_a, to_state=state, note="Sanctions check failed.", by=staff)

    # when / then
    with pytest.raises(PermissionDenied):
        invitation_create(organisation=startup_a, email="new@alpha.example", by=startup_a_admin)
    with pytest.raises(PermissionDenied):
        membership_remove(membership=colleague.memberships.get(), by=startup_a_admin)
    assert not Invitation.objects.filter(organisation=startup_a).exists()
    assert Membership.objects.filter(user=colleague).exists()


def test_staff_still_manage_the_people_of_a_suspended_organisation(staff, startup_a):
    # given
    colleague = member_of(startup_a, role="member")
    organisation_set_vetting(organisation=startup_a, to_state=VettingState.SUSPENDED, note="Under review.", by=staff)

    # when
    membership_remove(membership=colleague.memberships.get(), by=staff)

    # then
    assert not Membership.objects.filter(user=colleague).exists()
