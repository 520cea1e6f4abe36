"""Factories for capability requests."""

from datetime import timedelta

import factory
from django.utils import timezone

from needs.models import CapabilityRequest, RequestState
from profiles.models import OrganisationKind
from taxonomy.models import CapabilityArea
from tests.factories import OrganisationFactory

FINISHED = (RequestState.FULFILLED, RequestState.CLOSED, RequestState.CANCELLED)


class CapabilityRequestFactory(factory.django.DjangoModelFactory):
    """An open, vetted-visibility request of a Ukrainian unit, tagged with one area; pass `areas=[...]` to choose."""

    class Meta:
        model = CapabilityRequest
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.UA_UNIT, country="UA")
    title = factory.Sequence(lambda n: f"Counter-drone sensors for sector {n}")
    description = "Detect small drones at night along a 10 km front line under heavy jamming."
    language = "en"
    min_trl = 6
    quantity = 20
    unit = "sets"
    needed_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    urgency = "priority"
    visibility = "vetted"
    state = RequestState.OPEN
    opened_at = factory.LazyAttribute(lambda request: None if request.state == RequestState.DRAFT else timezone.now())
    closed_at = factory.LazyAttribute(lambda request: timezone.now() if request.state in FINISHED else None)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.areas.set(extracted if extracted is not None else CapabilityArea.objects.order_by("position")[:1])
