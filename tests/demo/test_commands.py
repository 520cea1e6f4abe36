"""seed_demo and demo_code: the documented accounts, a realistic marketplace, and the code that logs in."""

from io import StringIO

import pytest
from django.core.management import call_command

from needs.models import CapabilityRequest
from offers.models import Offer
from profiles.models import Organisation, OrganisationKind, User, VettingState
from profiles.uploads import check_pdf

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "staff@example.org",
    "startup@example.org",
    "startup2@example.org",
    "pending@example.org",
    "officer@example.org",
    "officer2@example.org",
]


def test_seed_demo_creates_the_documented_accounts_and_is_idempotent():
    # when
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("seed_demo", stdout=StringIO())

    # then
    assert (User.objects.count(), Organisation.objects.count()) == counts
    users = {user.email: user for user in User.objects.filter(email__in=DEMO_EMAILS)}
    assert set(users) == set(DEMO_EMAILS)
    assert all(user.check_password("demo-pass-2024") for user in users.values())
    assert users["staff@example.org"].is_office_staff
    assert users["startup@example.org"].organisation.vetting_state == "vetted"
    assert users["startup2@example.org"].organisation.vetting_state == "vetted"
    assert users["startup@example.org"].organisation != users["startup2@example.org"].organisation
    assert users["pending@example.org"].organisation.vetting_state == VettingState.PENDING
    assert users["officer@example.org"].is_officer and users["officer2@example.org"].is_officer
    assert users["officer@example.org"].organisation != users["officer2@example.org"].organisation
    startups = Organisation.objects.filter(kind=OrganisationKind.STARTUP)
    assert startups.count() >= 12 and startups.values("country").distinct().count() >= 5
    assert startups.filter(vetting_state=VettingState.PENDING).exists()
    assert Organisation.objects.filter(kind__startswith="ua_").count() >= 6


def test_demo_code_prints_the_code_that_logs_a_demo_officer_in(client):
    # given
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    client.post("/account/login/", {"username": "officer@example.org", "password": "demo-pass-2024"})

    # when
    response = client.post("/account/two-factor/", {"token": code})

    # then
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200


def test_seed_demo_brings_a_realistic_marketplace():
    # when
    call_command("seed_demo", stdout=StringIO())

    # then
    published = Offer.objects.filter(state="published")
    assert published.count() >= 60
    assert published.values("areas").distinct().count() >= 25
    requests = CapabilityRequest.objects.all()
    assert requests.count() >= 30
    assert requests.filter(language="uk").count() * 3 >= requests.count()
    assert set(requests.values_list("visibility", flat=True)) == {"vetted", "restricted"}
    assert set(requests.values_list("urgency", flat=True)) == {"routine", "priority", "critical"}
    assert not requests.filter(areas__isnull=True).exists() and not published.filter(areas__isnull=True).exists()


def test_the_demo_pending_startup_has_evidence_to_vet(private_uploads):
    # when
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    # then: one readable register extract and one declaration, however often the demo is seeded
    organisation = User.objects.get(email="pending@example.org").organisation
    document = organisation.registration_documents.get()
    with document.file.open("rb") as handle:
        check_pdf(handle, field="documents")
    assert organisation.ownership_declarations.get().beneficial_owners
