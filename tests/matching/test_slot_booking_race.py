"""Two staff members book the last place of a trial slot at the same moment, on PostgreSQL: one gets it."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from innovation_office.transitions import IllegalTransition
from matching import services
from matching.models import SlotBooking
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_booking_the_last_place_at_once_get_one_booking_and_one_refusal(
    attempt, unit_a, startup_a, staff, staff_b
):
    # given: a slot with one place, and two accepted matches that want it
    today = timezone.localdate()
    slot = services.trial_slot_create(
        by=staff, place="Yavoriv range", starts_on=today, ends_on=today + timedelta(days=30), capacity=1
    )
    matches = [
        make_match(
            CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def book(match, user):
        try:
            barrier.wait()
            services.trial_slot_book(match=match, slot=slot, by=user)
            outcomes.append("booked")
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=book, args=pair) for pair in zip(matches, (staff, staff_b), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert sorted(outcomes) == ["booked", "refused"]
    assert SlotBooking.objects.filter(slot=slot).count() == 1
