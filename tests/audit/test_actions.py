"""Each security-relevant action writes one audit row naming its actor and object."""

from django.urls import reverse

from audit.models import AuditEntry
from needs.services import request_cancel
from offers.models import OfferState
from offers.services import offer_archive, offer_publish
from profiles.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_remove,
    organisation_set_vetting,
    user_password_set,
)
from tests.factories import OfferFactory, member_of
from tests.files import pdf_upload
from tests.needs.factories import CapabilityRequestFactory


def actions_of(obj) -> list[tuple[str, str]]:
    rows = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("pk")
    return [(row.action, row.actor_email) for row in rows]


def test_vetting_decisions(staff, startup_a):
    organisation_set_vetting(organisation=startup_a, to_state="suspended", note="Sanctions check.", by=staff)
    entry = AuditEntry.objects.get(action="organisation.vetting")
    assert (entry.actor, entry.organisation_id, entry.detail) == (
        staff,
        startup_a.pk,
        {"from": "vetted", "to": "suspended"},
    )


def test_an_invitation_issued_used_and_another_revoked(staff, unit_a):
    invitation, token = invitation_create(organisation=unit_a, email="new@unit.example", by=staff)
    user = invitation_accept(
        raw_token=token, full_name="New Officer", password="a-long-pass-phrase-1", language="uk", accepts_terms=True
    )
    other, _ = invitation_create(organisation=unit_a, email="later@unit.example", by=staff)
    invitation_revoke(invitation=other, by=staff)
    invitation_revoke(invitation=other, by=staff)  # a second revocation changes nothing and is not recorded
    assert actions_of(invitation) == [("invitation.issued", staff.email), ("invitation.used", user.email)]
    assert actions_of(other) == [("invitation.issued", staff.email), ("invitation.revoked", staff.email)]


def test_a_member_removed(startup_a_admin, startup_a):
    colleague = member_of(startup_a, role="member", email="colleague@alpha.example")
    membership_remove(membership=colleague.memberships.get(), by=startup_a_admin)
    entry = AuditEntry.objects.get(action="member.removed")
    assert entry.actor == startup_a_admin and entry.detail == {"email": "colleague@alpha.example", "role": "member"}


def test_api_tokens_made_used_once_and_revoked(officer_a):
    token, raw = api_token_create(user=officer_a, name="logistics")
    api_token_authenticate(raw_token=raw)
    api_token_authenticate(raw_token=raw)
    api_token_revoke(token=token, by=officer_a)
    second, _ = api_token_create(user=officer_a, name="second")
    user_password_set(user=officer_a, password="another-long-pass-1")
    assert [action for action, _ in actions_of(token)] == [
        "api_token.created",
        "api_token.first_used",
        "api_token.revoked",
    ]
    assert [action for action, _ in actions_of(second)] == ["api_token.created", "api_token.revoked"]


def test_offer_and_request_state_changes(startup_a_admin, startup_a, officer_a, unit_a):
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)
    offer_publish(offer=offer, by=startup_a_admin)
    offer_archive(offer=offer, by=startup_a_admin)
    restricted = CapabilityRequestFactory(organisation=unit_a, visibility="restricted", title="Secret title")
    request_cancel(capability_request=restricted, by=officer_a)
    assert [row.detail["move"] for row in AuditEntry.objects.filter(action="offer.state").order_by("pk")] == [
        "publish",
        "archive",
    ]
    entry = AuditEntry.objects.get(action="request.state")
    assert entry.detail == {"move": "cancel", "from": "open", "to": "cancelled"}
    assert entry.object_repr == f"Restricted request no. {restricted.pk}"  # the trail copies no restricted title


def test_a_startup_registering(client, db, private_uploads):
    client.post(
        reverse("profiles:register"),
        {
            "legal_name": "Gamma Drones GmbH",
            "country": "DE",
            "registration_number": "HRB 99",
            "description": "Drones.",
            "full_name": "Gerda",
            "email": "gerda@gamma.example",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "documents": [pdf_upload("extract.pdf")],
            "beneficial_owners": "Gerda (Germany), 100%.",
            "not_under_eu_restrictive_measures": "on",
            "not_controlled_from_restricted_countries": "on",
            "true_and_complete": "on",
            "accepts_terms": "on",
        },
    )
    entry = AuditEntry.objects.get(action="organisation.registered")
    assert (entry.actor_email, entry.object_repr) == ("gerda@gamma.example", "Gamma Drones GmbH")
