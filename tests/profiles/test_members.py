"""An organisation admin sees and manages the members of their organisation."""

import pytest
from django.urls import reverse

from profiles.models import Invitation, Membership
from tests.conftest import login
from tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_the_admin_sees_members_and_invites_a_colleague(
    client, startup_a, startup_a_admin, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    colleague = member_of(startup_a, role="member", full_name="Karl Colleague")
    login(client, startup_a_admin, second_factor=False)

    # when
    page = client.get(reverse("profiles:members")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("profiles:members"), {"email": "new.hire@alpha.example", "role": "member", "language": "en"}
        )

    # then
    assert colleague.full_name in page and startup_a_admin.email in page
    assert Invitation.objects.filter(email="new.hire@alpha.example", organisation=startup_a).exists()
    assert mailoutbox[0].to == ["new.hire@alpha.example"]


def test_the_admin_removes_a_member(client, startup_a, startup_a_admin):
    # given
    colleague = member_of(startup_a, role="member")
    login(client, startup_a_admin, second_factor=False)

    # when
    client.post(reverse("profiles:remove_member", args=[colleague.memberships.get().pk]))

    # then
    assert not Membership.objects.filter(user=colleague).exists()


def test_the_last_admin_cannot_be_removed(client, startup_a, startup_a_admin, staff):
    # given
    login(client, staff)
    membership = startup_a_admin.memberships.get()

    # when
    client.post(reverse("profiles:remove_member", args=[membership.pk]))

    # then
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_cannot_remove_a_member_of_another_organisation(client, startup_a_admin, startup_b_admin):
    # given
    login(client, startup_a_admin, second_factor=False)
    other = startup_b_admin.memberships.get()

    # when
    response = client.post(reverse("profiles:remove_member", args=[other.pk]))

    # then
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_a_plain_member_has_no_members_page(client, startup_a):
    login(client, member_of(startup_a, role="member"), second_factor=False)
    assert client.get(reverse("profiles:members")).status_code == 404
