"""The pilot of a match, as services: the plan both sides confirm, the export checkpoint, the trial slots and the
trial report; every legal and illegal step."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation_office.transitions import IllegalTransition
from matching import services
from matching.models import Match, MatchState, PilotPlan, SlotBooking
from matching.selectors.together import report_due, waiting_on_licence
from tests.factories import OfferFactory
from tests.files import pdf_upload, png_upload
from tests.matching.helpers import CRITERIA, agree_plan, days_ahead, make_match, start_pilot
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def _write_plan(match, *, by):
    services.pilot_plan_save(
        match=match,
        by=by,
        location="Range",
        starts_on=days_ahead(2).date(),
        ends_on=days_ahead(20).date(),
        quantity=4,
        shipping_paid_by="startup",
        criteria=CRITERIA,
    )


# The pilot plan and the export checkpoint ---------------------------------------------------------------


def test_the_pilot_starts_only_once_both_sides_confirmed_the_plan(accepted, startup_a_admin, officer_a):
    with pytest.raises(IllegalTransition, match="pilot plan first"):
        services.match_start_pilot(match=accepted, by=officer_a)
    _write_plan(accepted, by=startup_a_admin)
    with pytest.raises(IllegalTransition, match="Both sides confirm"):
        services.match_start_pilot(match=accepted, by=startup_a_admin)
    with pytest.raises(IllegalTransition, match="already confirmed"):
        services.pilot_plan_confirm(match=accepted, by=startup_a_admin)
    services.pilot_plan_confirm(match=accepted, by=officer_a)
    services.match_start_pilot(match=accepted, by=startup_a_admin)
    accepted.refresh_from_db()
    assert accepted.state == MatchState.PILOTING
    assert list(accepted.pilot_plan.criteria.values_list("text", flat=True)) == CRITERIA


def test_a_change_to_the_plan_withdraws_the_other_sides_confirmation(accepted, startup_a_admin, officer_a):
    agree_plan(accepted, startup=startup_a_admin, officer=officer_a)
    services.pilot_plan_save(
        match=accepted,
        by=officer_a,
        location="Another range",
        starts_on=days_ahead(2).date(),
        ends_on=days_ahead(9).date(),
        quantity=2,
        shipping_paid_by="requester",
        criteria=["One criterion"],
    )
    plan = PilotPlan.objects.get(match=accepted)
    assert plan.officer_confirmed_at is not None and plan.startup_confirmed_at is None
    assert list(plan.criteria.values_list("text", flat=True)) == ["One criterion"]


def test_a_plan_shows_every_error_at_once(accepted, officer_a):
    with pytest.raises(ValidationError) as error:
        services.pilot_plan_save(
            match=accepted,
            by=officer_a,
            location=" ",
            starts_on=days_ahead(9).date(),
            ends_on=days_ahead(2).date(),
            quantity=0,
            shipping_paid_by="nobody",
            criteria=[" ", ""],
        )
    assert set(error.value.error_dict) == {"location", "ends_on", "quantity", "shipping_paid_by", "criteria"}
    assert not PilotPlan.objects.exists()


def test_a_controlled_item_needs_a_held_licence_or_a_staff_override(controlled, startup_a_admin, officer_a, staff):
    # given: a plan both sides confirmed
    _write_plan(controlled, by=startup_a_admin)
    services.pilot_plan_confirm(match=controlled, by=officer_a)
    assert waiting_on_licence(Match.objects.all()).get() == controlled

    # a licence applied for is not enough; only the startup records it; staff may override with a reason
    services.export_licence_record(
        match=controlled, by=startup_a_admin, status="applied", number="APP-7", issuing_authority="BAFA"
    )
    with pytest.raises(IllegalTransition, match="export-controlled"):
        services.match_start_pilot(match=controlled, by=officer_a)
    with pytest.raises(PermissionDenied):
        services.export_licence_record(
            match=controlled,
            by=officer_a,
            status="held",
            number="X",
            issuing_authority="Y",
            valid_until=days_ahead(90).date(),
        )
    with pytest.raises(PermissionDenied):
        services.export_licence_override(match=controlled, by=startup_a_admin, reason="Trust us.")
    with pytest.raises(ValidationError):
        services.export_licence_override(match=controlled, by=staff, reason=" ")
    services.export_licence_record(
        match=controlled,
        by=startup_a_admin,
        status="held",
        number="EL-1",
        issuing_authority="BAFA",
        valid_until=days_ahead(90).date(),
        document=pdf_upload("licence.pdf"),
    )
    assert not waiting_on_licence(Match.objects.all()).exists()
    services.match_start_pilot(match=controlled, by=officer_a)
    controlled.refresh_from_db()
    assert controlled.state == MatchState.PILOTING and controlled.export_licence.document


def test_a_licence_that_expires_before_the_pilot_starts_does_not_count(controlled, startup_a_admin, officer_a):
    agree_plan(controlled, startup=startup_a_admin, officer=officer_a, starts_in_days=30)
    services.export_licence_record(
        match=controlled,
        by=startup_a_admin,
        status="held",
        number="EL-1",
        issuing_authority="BAFA",
        valid_until=days_ahead(10).date(),
    )
    with pytest.raises(IllegalTransition, match="expired"):
        services.match_start_pilot(match=controlled, by=officer_a)


def test_staff_override_the_checkpoint_with_a_recorded_reason(controlled, startup_a_admin, officer_a, staff):
    _write_plan(controlled, by=startup_a_admin)
    services.pilot_plan_confirm(match=controlled, by=officer_a)
    services.export_licence_override(match=controlled, by=staff, reason="Shipped under the general licence EU001.")
    services.match_start_pilot(match=controlled, by=staff)
    event = controlled.events.get(action="licence_override")
    assert event.note == "Shipped under the general licence EU001." and event.actor == staff


def test_an_item_that_is_not_controlled_needs_no_licence(accepted, startup_a_admin):
    with pytest.raises(IllegalTransition, match="not export-controlled"):
        services.export_licence_record(
            match=accepted,
            by=startup_a_admin,
            status="held",
            number="X",
            issuing_authority="Y",
            valid_until=days_ahead(9).date(),
        )


# Trial slots -------------------------------------------------------------------------------------------


def test_only_staff_keep_and_book_slots_and_a_full_slot_is_refused(
    accepted, unit_a, startup_a, startup_a_admin, officer_a, staff
):
    with pytest.raises(PermissionDenied):
        services.trial_slot_create(
            by=officer_a, place="Range", starts_on=days_ahead(1).date(), ends_on=days_ahead(30).date(), capacity=1
        )
    slot = services.trial_slot_create(
        by=staff, place="Yavoriv range", starts_on=days_ahead(1).date(), ends_on=days_ahead(30).date(), capacity=1
    )
    with pytest.raises(PermissionDenied):
        services.trial_slot_book(match=accepted, slot=slot, by=startup_a_admin)
    services.trial_slot_book(match=accepted, slot=slot, by=staff)
    with pytest.raises(IllegalTransition, match="already has a slot"):
        services.trial_slot_book(match=accepted, slot=slot, by=staff)
    other = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    with pytest.raises(IllegalTransition, match="fully booked"):
        services.trial_slot_book(match=other, slot=slot, by=staff)
    assert SlotBooking.objects.count() == 1


def test_a_slot_shows_every_error_at_once(staff):
    with pytest.raises(ValidationError) as error:
        services.trial_slot_create(
            by=staff, place=" ", starts_on=days_ahead(9).date(), ends_on=days_ahead(2).date(), capacity=0
        )
    assert set(error.value.error_dict) == {"place", "ends_on", "capacity"}


# The trial report --------------------------------------------------------------------------------------


def test_the_report_is_due_when_the_last_day_passed_and_then_contract_and_close_may_follow(
    accepted, startup_a_admin, officer_a
):
    start_pilot(accepted, startup=startup_a_admin, officer=officer_a)
    assert not report_due(accepted)
    with pytest.raises(IllegalTransition, match="trial report comes first"):
        services.match_record_contract(match=accepted, by=officer_a)
    yesterday = timezone.localdate() - timedelta(days=1)
    PilotPlan.objects.filter(match=accepted).update(starts_on=yesterday - timedelta(days=14), ends_on=yesterday)
    accepted = Match.objects.get(pk=accepted.pk)
    assert report_due(accepted)
    criteria = list(accepted.pilot_plan.criteria.all())
    report = services.trial_report_submit(
        match=accepted,
        by=officer_a,
        rating=3,
        what_worked="Link held.",
        would_order_more=False,
        results={
            criteria[0].pk: {"outcome": "partly", "note": "6 of 10.", "photo": png_upload("field.png")},
            criteria[1].pk: {"outcome": "met"},
        },
    )
    assert [(r.outcome, r.note) for r in report.results.all()] == [("partly", "6 of 10."), ("met", "")]
    assert report.results.first().photo.read().startswith(b"\x89PNG")
    services.match_record_contract(match=accepted, by=officer_a)
    accepted.refresh_from_db()
    assert accepted.state == MatchState.CONTRACTED


def test_staff_may_close_a_pilot_without_a_report_and_the_parties_may_not(accepted, startup_a_admin, officer_a, staff):
    start_pilot(accepted, startup=startup_a_admin, officer=officer_a)
    with pytest.raises(IllegalTransition):
        services.match_close(match=accepted, by=startup_a_admin)
    services.match_close(match=accepted, by=staff, note="The unit was redeployed.")
    accepted.refresh_from_db()
    assert accepted.state == MatchState.CLOSED


def test_either_side_ends_the_pilot_once(accepted, startup_a_admin, officer_a, staff):
    start_pilot(accepted, startup=startup_a_admin, officer=officer_a)
    with pytest.raises(PermissionDenied):
        services.pilot_end(match=accepted, by=staff)
    services.pilot_end(match=accepted, by=startup_a_admin)
    with pytest.raises(IllegalTransition, match="already ended"):
        services.pilot_end(match=accepted, by=officer_a)
    assert accepted.events.get(action="end_pilot").actor == startup_a_admin
