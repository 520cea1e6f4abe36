"""Officers join by a single-use invitation that expires after seven days, then must enrol TOTP."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from profiles.models import Invitation, Membership, User
from profiles.services import invitation_create
from tests.conftest import login

pytestmark = pytest.mark.django_db

ACCEPT = {
    "full_name": "Олена Коваленко",
    "password1": "надійний-пароль-77",
    "password2": "надійний-пароль-77",
    "accepts_terms": "on",
}


def test_staff_invite_an_officer_by_email(client, staff, unit_a, mailoutbox, django_capture_on_commit_callbacks):
    # given
    login(client, staff)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles_staff:invite_officer"),
            {"organisation": unit_a.pk, "email": "olena@unit.example", "role": "member", "language": "uk"},
        )

    # then
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="olena@unit.example")
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert "/invitations/" in mailoutbox[0].body
    assert unit_a.legal_name in mailoutbox[0].subject


def test_the_raw_token_is_not_stored(staff, unit_a):
    # when
    invitation, raw = invitation_create(organisation=unit_a, email="x@unit.example", by=staff)

    # then
    assert raw not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=raw).exists()


def test_accepting_creates_the_account_and_sends_the_officer_to_totp_enrolment(client, staff, unit_a):
    # given
    _, raw = invitation_create(organisation=unit_a, email="olena@unit.example", by=staff)

    # when
    response = client.post(reverse("profiles:accept_invitation", args=[raw]), ACCEPT)
    next_page = client.get(reverse("profiles:home"))

    # then
    assert response.status_code == 302
    user = User.objects.get(email="olena@unit.example")
    assert Membership.objects.filter(user=user, organisation=unit_a).exists()
    assert next_page.status_code == 302
    assert next_page.url.startswith(reverse("profiles:two_factor_setup"))


def test_a_used_invitation_cannot_be_used_again(client, staff, unit_a):
    # given
    _, raw = invitation_create(organisation=unit_a, email="olena@unit.example", by=staff)
    client.post(reverse("profiles:accept_invitation", args=[raw]), ACCEPT)
    client.logout()

    # when
    response = client.post(reverse("profiles:accept_invitation", args=[raw]), {**ACCEPT, "full_name": "Someone Else"})

    # then
    assert response.status_code == 404
    assert "already been used" in response.content.decode()
    assert User.objects.filter(email="olena@unit.example").count() == 1


def test_an_expired_invitation_is_rejected(client, staff, unit_a):
    # given
    invitation, raw = invitation_create(organisation=unit_a, email="olena@unit.example", by=staff)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(days=1)
    )

    # when
    response = client.post(reverse("profiles:accept_invitation", args=[raw]), ACCEPT)

    # then
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="olena@unit.example").exists()


def test_a_forged_token_is_rejected(client, staff, unit_a):
    # given
    invitation_create(organisation=unit_a, email="olena@unit.example", by=staff)

    # when
    response = client.get(reverse("profiles:accept_invitation", args=["forged-token-that-was-never-issued"]))

    # then
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_inviting_again_withdraws_the_previous_link(client, staff, unit_a):
    # given
    _, first = invitation_create(organisation=unit_a, email="olena@unit.example", by=staff)

    # when
    _, second = invitation_create(organisation=unit_a, email="olena@unit.example", by=staff)

    # then
    assert client.get(reverse("profiles:accept_invitation", args=[first])).status_code == 404
    assert client.get(reverse("profiles:accept_invitation", args=[second])).status_code == 200


def test_an_officer_cannot_invite_into_another_organisation(officer_a, unit_b):
    with pytest.raises(PermissionDenied):
        invitation_create(organisation=unit_b, email="intruder@example.org", by=officer_a)


def test_a_startup_member_who_is_not_admin_cannot_invite(startup_a):
    from tests.factories import member_of

    member = member_of(startup_a, role="member")
    with pytest.raises(PermissionDenied):
        invitation_create(organisation=startup_a, email="friend@example.org", by=member)


def test_the_request_log_does_not_write_the_token_of_a_dead_invitation_link(client, caplog):
    # when
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("profiles:accept_invitation", args=["a-guessed-or-leaked-token-123"]))

    # then
    assert response.status_code == 404
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/invitations/" in logged
    assert "a-guessed-or-leaked-token-123" not in logged


def test_an_invited_officer_accepts_the_terms_and_their_acceptance_is_kept(client, staff, unit_a):
    _invitation, raw = invitation_create(organisation=unit_a, email="new.officer@unit.example", by=staff)
    refused = client.post(reverse("profiles:accept_invitation", args=[raw]), {**ACCEPT, "accepts_terms": ""})
    assert "Accept the terms of use to register." in refused.content.decode()
    assert reverse("legal:terms") in refused.content.decode()
    client.post(reverse("profiles:accept_invitation", args=[raw]), ACCEPT)
    assert User.objects.get(email="new.officer@unit.example").terms_accepted_at is not None
