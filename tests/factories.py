"""Factories for the tests: realistic defaults, one line per object."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from audit.models import AuditEntry
from offers.models import Offer, OfferState
from profiles.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OwnershipDeclaration,
    RegistrationDocument,
    User,
    VettingState,
)
from tests.files import pdf_bytes


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.STARTUP
    legal_name = factory.Sequence(lambda n: f"Skyward Robotics {n} GmbH")
    country = "DE"
    registration_number = factory.Sequence(lambda n: f"HRB {100000 + n}")
    website = "https://skyward.example"
    description = "Builds reconnaissance drones."
    vetting_state = VettingState.VETTED
    vetted_at = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.ADMIN


def member_of(organisation: Organisation, *, role: str = MembershipRole.ADMIN, **user_fields) -> User:
    """A new user who belongs to `organisation` with `role`."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer of a vetted startup, tagged with one area; pass `areas=[...]` to choose."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Fibre-optic FPV kit {n}")
    summary = "Jam-proof FPV drone guided over a 10 km optical fibre."
    description = "A quadcopter controlled through a spooled optical fibre, immune to radio jamming."
    trl = 7
    lead_time_days = 30
    monthly_capacity = 200
    state = OfferState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        from taxonomy.models import CapabilityArea

        if create:
            self.areas.set(extracted if extracted is not None else CapabilityArea.objects.order_by("position")[:1])


def restricted_reads(capability_request=None, *, user=None):
    """The audit rows of restricted-request reads, of one request and/or one reader."""
    rows = AuditEntry.objects.filter(action="request.read_restricted")
    if capability_request is not None:
        rows = rows.filter(object_type="needs.capabilityrequest", object_id=str(capability_request.pk))
    if user is not None:
        rows = rows.filter(actor=user)
    return rows


def with_evidence(organisation: Organisation, *, name: str = "Register extract.pdf") -> RegistrationDocument:
    """Gives `organisation` what a startup gives at registration: one PDF document and a declaration."""
    document = RegistrationDocument(organisation=organisation, original_name=name)
    document.file.save(name, ContentFile(pdf_bytes()), save=True)
    OwnershipDeclaration.objects.create(
        organisation=organisation,
        beneficial_owners="Clara Charlie (Germany), 100%.",
        not_under_eu_restrictive_measures=True,
        not_controlled_from_restricted_countries=True,
        true_and_complete=True,
    )
    return document
