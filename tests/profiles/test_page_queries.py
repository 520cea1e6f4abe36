"""What the accounts and staff pages cost: the same few queries whatever the number of organisations,
members, tokens, audit rows or identity changes."""

import pytest
from django.urls import reverse

from audit.services import audit_record
from profiles.models import IdentityChange, RegistrationDocument
from profiles.services import api_token_create
from tests.conftest import login
from tests.factories import OfferFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _organisations(**fields):
    return lambda count: [OrganisationFactory(**fields) for _ in range(count)]


def test_the_landing_page(pinned, client):
    pinned(client, reverse("landing"), _organisations())


def test_home(pinned, client, startup_a, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("profiles:home"), lambda count: [member_of(startup_a) for _ in range(count)])


def test_the_members_of_an_organisation(pinned, client, startup_a, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("profiles:members"), lambda count: [member_of(startup_a) for _ in range(count)])


def test_the_api_tokens(pinned, client, startup_a_admin):
    def add(count):
        for number in range(count):
            api_token_create(user=startup_a_admin, name=f"Token {number}")

    login(client, startup_a_admin)
    pinned(client, reverse("profiles:api_tokens"), add)


def test_the_staff_index(pinned, client, staff):
    login(client, staff)
    pinned(client, reverse("profiles_staff:index"), _organisations(vetting_state="pending", vetted_at=None))


def test_the_staff_list_of_organisations(pinned, client, staff):
    login(client, staff)
    pinned(client, reverse("profiles_staff:organisation_list"), _organisations())


def test_the_vetting_queue(pinned, client, staff):
    def add(count):
        for organisation in _organisations(vetting_state="pending", vetted_at=None)(count):
            member_of(organisation)

    login(client, staff)
    pinned(client, f"{reverse('profiles_staff:organisation_list')}?state=pending", add)


def test_the_vetting_page_of_an_organisation(pinned, client, staff, startup_a, startup_a_admin):
    # The evidence a decision rests on comes from eight tables (proposals, declaration, organisations with
    # the same number, documents, identity changes, offers, members, history): one query each, with the
    # organisation and the user.
    login(client, staff)
    url = reverse("profiles_staff:organisation_detail", args=[startup_a.pk])
    pinned(client, url, lambda count: [OfferFactory(organisation=startup_a) for _ in range(count)], most=10)


def test_the_audit_trail(pinned, client, staff, startup_a):
    def add(count):
        for _ in range(count):
            audit_record("organisation.vetting", actor=staff, obj=startup_a, organisation_id=startup_a.pk)

    login(client, staff)
    pinned(client, reverse("profiles_staff:audit"), add)


def test_the_identity_changes(pinned, client, staff):
    def add(count):
        for organisation in _organisations()(count):
            IdentityChange.objects.create(organisation=organisation, legal_name=f"{organisation.legal_name} AG")

    login(client, staff)
    pinned(client, reverse("profiles_staff:identity_change_list"), add)


def test_the_registration_documents_of_a_startup_awaiting_vetting(pinned, client, pending_startup, pending_admin):
    def add(count):
        RegistrationDocument.objects.bulk_create(
            RegistrationDocument(organisation=pending_startup, original_name="Register extract.pdf", file="x.pdf")
            for _ in range(count)
        )

    login(client, pending_admin)
    pinned(client, reverse("profiles:registration_documents"), add)


def test_an_identity_change(pinned, client, staff, startup_a):
    change = IdentityChange.objects.create(organisation=startup_a, legal_name="Alpha Drones AG")
    login(client, staff)
    url = reverse("profiles_staff:identity_change_detail", args=[change.pk])
    pinned(client, url, lambda count: [OfferFactory(organisation=startup_a) for _ in range(count)])


def test_a_legal_page(pinned, client, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("legal:privacy"), _organisations())
