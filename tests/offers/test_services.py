"""Writes to offers: who may make them, the rules they enforce, and the states an offer moves through."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from offers.models import Offer, OfferState
from offers.services import (
    offer_archive,
    offer_create,
    offer_publish,
    offer_restore,
    offer_unpublish,
    offer_update,
)
from tests.factories import OfferFactory, member_of

pytestmark = pytest.mark.django_db


def test_a_member_drafts_an_offer_with_every_field(startup_a, startup_a_admin, fpv_area, offer_fields):
    # given
    colleague = member_of(startup_a, role="member")

    # when
    offer = offer_create(organisation=startup_a, areas=[fpv_area], by=colleague, **offer_fields())

    # then
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and offer.published_at is None
    assert offer.organisation == startup_a and offer.created_by == colleague
    assert list(offer.areas.all()) == [fpv_area]
    assert (offer.trl, offer.lead_time_days, offer.monthly_capacity) == (7, 45, 300)
    assert (offer.price_min_eur, offer.price_max_eur, offer.export_control, offer.licence_held) == (
        900,
        1400,
        "dual_use",
        True,
    )


def test_a_pending_startup_prepares_drafts_but_cannot_publish(pending_startup, pending_admin, fpv_area, offer_fields):
    # given
    offer = offer_create(organisation=pending_startup, areas=[fpv_area], by=pending_admin, **offer_fields())

    # when
    with pytest.raises(PermissionDenied) as refused:
        offer_publish(offer=offer, by=pending_admin)

    # then
    assert "Only vetted organisations can publish offers" in str(refused.value)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and offer.published_at is None


@pytest.mark.parametrize("vetting_state", ["suspended", "rejected"])
def test_a_suspended_or_rejected_startup_cannot_publish(startup_a, startup_a_admin, vetting_state):
    # given
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)
    startup_a.vetting_state = vetting_state
    startup_a.save(update_fields=["vetting_state"])

    # when / then
    with pytest.raises(PermissionDenied):
        offer_publish(offer=offer, by=startup_a_admin)
    assert Offer.objects.get(pk=offer.pk).state == OfferState.DRAFT


def test_publish_unpublish_archive_restore_follow_the_states(startup_a, startup_a_admin):
    # given
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)

    # when / then
    before = timezone.now()
    offer = offer_publish(offer=offer, by=startup_a_admin)
    assert offer.state == OfferState.PUBLISHED and offer.published_at >= before
    offer = offer_unpublish(offer=offer, by=startup_a_admin)
    assert offer.state == OfferState.DRAFT
    offer = offer_archive(offer=offer, by=startup_a_admin)
    assert offer.state == OfferState.ARCHIVED
    offer = offer_restore(offer=offer, by=startup_a_admin)
    assert Offer.objects.get(pk=offer.pk).state == OfferState.DRAFT


def test_a_published_offer_can_be_archived_directly(startup_a, startup_a_admin):
    offer = OfferFactory(organisation=startup_a)
    assert offer_archive(offer=offer, by=startup_a_admin).state == OfferState.ARCHIVED


@pytest.mark.parametrize(
    ("state", "move"),
    [
        ("published", offer_publish),
        ("draft", offer_unpublish),
        ("archived", offer_publish),
        ("archived", offer_archive),
        ("draft", offer_restore),
        ("published", offer_restore),
    ],
)
def test_illegal_moves_change_nothing(startup_a, startup_a_admin, state, move):
    offer = OfferFactory(organisation=startup_a, state=state, published_at=timezone.now())
    with pytest.raises(ValidationError, match="cannot become"):
        move(offer=offer, by=startup_a_admin)
    assert Offer.objects.get(pk=offer.pk).state == state


def test_startup_b_can_neither_edit_nor_publish_startup_a_offers(startup_a, startup_b_admin, fpv_area, offer_fields):
    # given
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None, title="Original")

    # when / then
    with pytest.raises(PermissionDenied):
        offer_update(offer=offer, areas=[fpv_area], by=startup_b_admin, **offer_fields(title="Hijacked"))
    for move in (offer_publish, offer_archive):
        with pytest.raises(PermissionDenied):
            move(offer=offer, by=startup_b_admin)
    offer.refresh_from_db()
    assert offer.title == "Original" and offer.state == OfferState.DRAFT


def test_officers_cannot_create_or_edit_offers(startup_a, officer_a, fpv_area, offer_fields):
    offer = OfferFactory(organisation=startup_a)
    with pytest.raises(PermissionDenied):
        offer_create(organisation=startup_a, areas=[fpv_area], by=officer_a, **offer_fields())
    with pytest.raises(PermissionDenied):
        offer_update(offer=offer, areas=[fpv_area], by=officer_a, **offer_fields())


def test_staff_may_edit_any_offer_and_editing_moves_updated_at(startup_a, staff, fpv_area, offer_fields):
    # given
    offer = OfferFactory(organisation=startup_a, updated_at=timezone.now() - timedelta(days=3))
    before = offer.updated_at

    # when
    offer_update(offer=offer, areas=[fpv_area], by=staff, **offer_fields(title="Corrected by the office"))

    # then
    offer.refresh_from_db()
    assert offer.title == "Corrected by the office"
    assert offer.updated_at > before
    assert offer.state == OfferState.PUBLISHED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"trl": 10}, "trl", "less than or equal to 9"),
        ({"trl": 0}, "trl", "greater than or equal to 1"),
        ({"monthly_capacity": 0}, "monthly_capacity", "greater than or equal to 1"),
        ({"price_min_eur": 2000, "price_max_eur": 1000}, "price_max_eur", "must not be lower"),
        ({"export_control": "ml", "ml_category": ""}, "ml_category", "Military List category"),
        ({"title": ""}, "title", "cannot be blank"),
    ],
)
def test_invalid_offers_are_refused_beside_the_field(
    startup_a, startup_a_admin, fpv_area, offer_fields, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        offer_create(organisation=startup_a, areas=[fpv_area], by=startup_a_admin, **offer_fields(**overrides))
    assert message in " ".join(refused.value.message_dict[field])
    assert not Offer.objects.exists()


def test_an_offer_needs_at_least_one_area(startup_a, startup_a_admin, offer_fields):
    with pytest.raises(ValidationError) as refused:
        offer_create(organisation=startup_a, areas=[], by=startup_a_admin, **offer_fields())
    assert "areas" in refused.value.message_dict


def test_the_military_list_category_goes_with_the_military_list_status(
    startup_a, startup_a_admin, fpv_area, offer_fields
):
    # given
    offer = offer_create(
        organisation=startup_a,
        areas=[fpv_area],
        by=startup_a_admin,
        **offer_fields(export_control="ml", ml_category="ML10"),
    )
    assert offer.ml_category == "ML10"

    # when the status changes, a stale category is dropped rather than stored
    offer = offer_update(
        offer=offer,
        areas=[fpv_area],
        by=startup_a_admin,
        **offer_fields(export_control="not_controlled", ml_category="ML10", licence_held=True),
    )

    # then
    offer.refresh_from_db()
    assert (offer.export_control, offer.ml_category, offer.licence_held) == ("not_controlled", "", False)


def test_unknown_fields_are_a_programming_error(startup_a, startup_a_admin, fpv_area, offer_fields):
    with pytest.raises(TypeError):
        offer_create(organisation=startup_a, areas=[fpv_area], by=startup_a_admin, **offer_fields(state="published"))


def test_each_change_enqueues_the_offer_for_scoring_once_committed(
    startup_a, startup_a_admin, monkeypatch, django_capture_on_commit_callbacks
):
    # given
    sent = []

    class Signature:
        def __init__(self, name, args):
            self.message = (name, args)

        def delay(self):
            sent.append(self.message)

    monkeypatch.setattr("innovation_office.tasks.app.signature", Signature)
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        offer_publish(offer=offer, by=startup_a_admin)

    # then
    assert [message for message in sent if message[0] == "matching.score_offer"] == [
        ("matching.score_offer", (offer.pk,))
    ]
