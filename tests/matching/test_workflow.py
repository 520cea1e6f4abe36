"""Every legal and illegal step of a match's life, and who sees whom when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation_office.transitions import IllegalTransition
from matching.models import Match, MatchAction, MatchState, TrialReport
from matching.selectors import counterpart_for, match_get, matches_visible_to, timeline_for
from matching.services import (
    match_accept,
    match_add_note,
    match_close,
    match_decline,
    match_dismiss,
    match_express_interest,
    match_propose,
    match_record_contract,
    match_request_introduction,
    match_shortlist,
    match_start_pilot,
    pilot_end,
    trial_report_submit,
)
from matching.tasks import score_request_task
from notifications.emails import notification_email
from notifications.kinds import notification_text
from notifications.models import Notification
from profiles.services import organisation_set_vetting
from tests.factories import member_of
from tests.matching.helpers import agree_plan, report_pilot, start_pilot

pytestmark = pytest.mark.django_db

SUMMARIES = {
    "summary_for_startup": "A Ukrainian air-defence unit needs 200 night-capable interceptors within 45 days.",
    "summary_for_officer": "Aerodrive's AD-300 interceptor, TRL 8, field-tested in Ukraine, 300 a month.",
}


@pytest.fixture
def match(interceptor_request, catalogue, startup_a_admin):
    """A suggested match between officer A's request and an offer of startup A."""
    catalogue["interceptor"].organisation = startup_a_admin.organisation
    catalogue["interceptor"].save()
    score_request_task(interceptor_request.pk)
    return Match.objects.get(capability_request=interceptor_request, offer=catalogue["interceptor"])


@pytest.fixture
def proposed(match, staff):
    return match_propose(match=match, by=staff, **SUMMARIES)


@pytest.fixture
def accepted(proposed, startup_a_admin, officer_a):
    match_accept(match=proposed, by=startup_a_admin)
    return match_accept(match=proposed, by=officer_a)


def _state(match: Match) -> str:
    match.refresh_from_db()
    return match.state


def test_the_full_story_moves_through_every_state(accepted, staff, startup_a_admin, officer_a):
    # when
    start_pilot(accepted, startup=startup_a_admin, officer=officer_a)
    report = report_pilot(accepted, officer=officer_a, rating=4)
    match_record_contract(match=accepted, by=officer_a)
    match_close(match=accepted, by=staff)

    # then
    assert _state(accepted) == MatchState.CLOSED
    actions = list(accepted.events.values_list("action", "to_state"))
    assert actions == [
        ("suggest", "suggested"),
        ("propose", "proposed"),
        ("accept", "proposed"),
        ("accept", "accepted"),
        ("plan", "accepted"),
        ("plan_confirm", "accepted"),
        ("start_pilot", "piloting"),
        ("end_pilot", "piloting"),
        ("report", "piloting"),
        ("contract", "contracted"),
        ("close", "closed"),
    ]
    assert report.rating == 4 and TrialReport.objects.get(match=accepted).would_order_more
    assert set(report.results.values_list("outcome", flat=True)) == {"met"}


def test_shortlist_then_dismiss_with_a_coded_reason(match, staff):
    match_shortlist(match=match, by=staff)
    match_dismiss(match=match, by=staff, reason="too_slow", note="Lead time 90 days, needed in 45.")
    match.refresh_from_db()
    assert (match.state, match.dismiss_reason) == ("dismissed", "too_slow")


@pytest.mark.parametrize(
    ("prepare", "action"),
    [
        ("match", lambda m, s, a, o: match_start_pilot(match=m, by=s)),
        ("match", lambda m, s, a, o: match_accept(match=m, by=a)),
        ("proposed", lambda m, s, a, o: match_shortlist(match=m, by=s)),
        ("proposed", lambda m, s, a, o: match_dismiss(match=m, by=s, reason="duplicate")),
        ("proposed", lambda m, s, a, o: match_propose(match=m, by=s, **SUMMARIES)),
        ("accepted", lambda m, s, a, o: match_accept(match=m, by=a)),
        ("accepted", lambda m, s, a, o: match_record_contract(match=m, by=s)),
        ("accepted", lambda m, s, a, o: match_close(match=m, by=o)),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(
    request, prepare, action, staff, startup_a_admin, officer_a
):
    # given
    match = request.getfixturevalue(prepare)
    before = (_state(match), match.events.count())

    # when
    with pytest.raises(IllegalTransition):
        action(match, staff, startup_a_admin, officer_a)

    # then
    assert (_state(match), match.events.count()) == before


def test_accepting_twice_is_refused(proposed, startup_a_admin):
    match_accept(match=proposed, by=startup_a_admin)
    with pytest.raises(IllegalTransition, match="already accepted"):
        match_accept(match=proposed, by=startup_a_admin)


def test_a_declined_match_cannot_move_again(proposed, officer_a, startup_a_admin, staff):
    match_decline(match=proposed, by=officer_a, message="We found a domestic supplier.")
    for action in (
        lambda: match_accept(match=proposed, by=startup_a_admin),
        lambda: match_start_pilot(match=proposed, by=staff),
        lambda: match_shortlist(match=proposed, by=staff),
    ):
        with pytest.raises(IllegalTransition):
            action()
    assert _state(proposed) == MatchState.DECLINED
    assert Notification.objects.filter(recipient=staff, kind="match.changed").exists()


def test_other_organisations_cannot_act(proposed, startup_b_admin, officer_b):
    for user in (startup_b_admin, officer_b):
        with pytest.raises(PermissionDenied):
            match_accept(match=proposed, by=user)
        with pytest.raises(PermissionDenied):
            match_decline(match=proposed, by=user)
    assert _state(proposed) == MatchState.PROPOSED


def test_only_staff_curate(match, startup_a_admin, officer_a):
    for user in (startup_a_admin, officer_a):
        with pytest.raises(PermissionDenied):
            match_shortlist(match=match, by=user)
        with pytest.raises(PermissionDenied):
            match_propose(match=match, by=user, **SUMMARIES)


def test_a_proposal_needs_both_summaries(match, staff):
    with pytest.raises(ValidationError) as error:
        match_propose(match=match, by=staff, summary_for_startup=" ", summary_for_officer="")
    assert set(error.value.error_dict) == {"summary_for_startup", "summary_for_officer"}
    assert _state(match) == MatchState.SUGGESTED


def test_the_report_only_from_the_requesting_officer_and_only_once_the_pilot_ended(
    accepted, officer_a, startup_a_admin, staff
):
    def report(by, rating=5, outcome="met"):
        plan = accepted.pilot_plan
        results = {criterion.pk: {"outcome": outcome} for criterion in plan.criteria.all()}
        return trial_report_submit(
            match=accepted, by=by, rating=rating, what_worked="Worked", would_order_more=True, results=results
        )

    agree_plan(accepted, startup=startup_a_admin, officer=officer_a)
    with pytest.raises(IllegalTransition, match="once the pilot has ended"):
        report(officer_a)
    match_start_pilot(match=accepted, by=staff)
    with pytest.raises(IllegalTransition, match="once the pilot has ended"):
        report(officer_a)
    pilot_end(match=accepted, by=startup_a_admin)
    with pytest.raises(PermissionDenied):
        report(startup_a_admin)
    with pytest.raises(ValidationError) as error:
        report(officer_a, rating=6, outcome=None)
    assert set(error.value.error_dict) == {"rating", "results"}
    report(officer_a)
    with pytest.raises(IllegalTransition, match="already been given"):
        report(officer_a, rating=3)


# Who sees what --------------------------------------------------------------------------------------


def test_a_startup_never_sees_a_match_that_was_not_proposed_to_it(match, startup_a_admin, officer_a, staff):
    assert not matches_visible_to(startup_a_admin).exists()
    assert not matches_visible_to(officer_a).exists()
    assert matches_visible_to(staff).filter(pk=match.pk).exists()


def test_identities_are_revealed_only_after_both_accept(proposed, startup_a_admin, officer_a, startup_b_admin):
    # before
    assert counterpart_for(startup_a_admin, proposed) is None
    assert counterpart_for(officer_a, proposed) is None
    match_accept(match=proposed, by=startup_a_admin)
    assert counterpart_for(startup_a_admin, proposed) is None

    # after
    match_accept(match=proposed, by=officer_a)
    for_startup = counterpart_for(startup_a_admin, match_get(startup_a_admin, proposed.pk))
    for_officer = counterpart_for(officer_a, match_get(officer_a, proposed.pk))
    assert for_startup.organisation == officer_a.organisation.legal_name and for_startup.email == officer_a.email
    assert (
        for_officer.organisation == startup_a_admin.organisation.legal_name
        and for_officer.email == startup_a_admin.email
    )
    assert not hasattr(for_startup, "budget_min_eur") and "budget" not in str(for_startup)
    assert counterpart_for(startup_b_admin, match_get(startup_a_admin, proposed.pk)) is None


def test_the_proposal_reaches_both_sides_with_their_own_summary(officer_a, startup_a_admin, proposed):
    to_startup = Notification.objects.get(recipient=startup_a_admin, kind="match.proposed")
    to_officer = Notification.objects.get(recipient=officer_a, kind="match.proposed")
    assert to_startup.context["summary"] == SUMMARIES["summary_for_startup"]
    assert to_officer.context["summary"] == SUMMARIES["summary_for_officer"]


def test_a_restricted_requests_title_never_reaches_the_startup(match, staff, startup_a_admin):
    match.capability_request.visibility = "restricted"
    match.capability_request.save()
    match_propose(match=match, by=staff, **SUMMARIES)
    context = Notification.objects.get(recipient=startup_a_admin, kind="match.proposed").context
    assert match.capability_request.title not in str(context)


def test_internal_notes_stay_with_staff(proposed, staff, startup_a_admin):
    match_add_note(match=proposed, by=staff, note="Check the export licence before the pilot.")
    assert "export licence" in " ".join(timeline_for(staff, proposed).values_list("note", flat=True))
    assert "export licence" not in " ".join(
        timeline_for(startup_a_admin, match_get(startup_a_admin, proposed.pk)).values_list("note", flat=True)
    )


# Pulls -----------------------------------------------------------------------------------------------


def test_a_startups_interest_creates_a_pair_staff_see_first(interceptor_request, catalogue, startup_a_admin, staff):
    offer = catalogue["demining"]
    offer.organisation = startup_a_admin.organisation
    offer.save()
    match = match_express_interest(
        capability_request_id=interceptor_request.pk, offer=offer, by=startup_a_admin, pitch="We can adapt it."
    )
    assert (match.source, match.state, match.pull_note) == ("startup_interest", "suggested", "We can adapt it.")
    assert match.events.get().action == MatchAction.INTEREST
    assert Notification.objects.filter(recipient=staff, kind="match.changed").exists()


def test_interest_needs_a_vetted_startup_and_its_own_offer(
    interceptor_request, catalogue, pending_admin, startup_b_admin
):
    with pytest.raises(PermissionDenied):
        match_express_interest(
            capability_request_id=interceptor_request.pk, offer=catalogue["interceptor"], by=startup_b_admin, pitch="x"
        )
    with pytest.raises(PermissionDenied):
        match_express_interest(
            capability_request_id=interceptor_request.pk, offer=catalogue["interceptor"], by=pending_admin, pitch="x"
        )


def test_an_officer_asks_for_an_introduction_to_an_existing_pair(match, officer_a, officer_b):
    with pytest.raises(PermissionDenied):
        match_request_introduction(
            capability_request=match.capability_request, offer=match.offer, by=officer_b, note="x"
        )
    updated = match_request_introduction(
        capability_request=match.capability_request, offer=match.offer, by=officer_a, note="Urgent."
    )
    assert (updated.pk, updated.source, updated.touched_at is not None) == (match.pk, "officer_request", True)


def test_a_pull_on_a_pair_already_proposed_is_refused(proposed, officer_a):
    with pytest.raises(IllegalTransition):
        match_request_introduction(
            capability_request=proposed.capability_request, offer=proposed.offer, by=officer_a, note="x"
        )


def test_a_member_who_is_not_admin_of_the_startup_can_still_answer(proposed, startup_a_admin):
    colleague = member_of(startup_a_admin.organisation, role="member")
    match_accept(match=proposed, by=colleague)
    proposed.refresh_from_db()
    assert proposed.startup_accepted_by == colleague


def test_a_suspended_startup_hears_nothing_more_of_its_matches(proposed, startup_a_admin, officer_a, staff):
    # given: staff suspend the startup after the proposal
    _suspend(startup_a_admin.organisation, staff)

    # when: the officer declines the introduction
    match_decline(match=proposed, by=officer_a, message="Not now.")

    # then: staff are told, the suspended startup's members are not
    declined = Notification.objects.filter(kind="match.changed", context__to_state_label="Declined")
    assert declined.filter(recipient=staff).exists()
    assert not declined.filter(recipient=startup_a_admin).exists()


def _suspend(organisation, staff):
    organisation_set_vetting(organisation=organisation, to_state="suspended", note="Under investigation.", by=staff)


def test_interest_in_a_request_of_a_suspended_unit_is_refused_like_a_dead_pair(
    interceptor_request, catalogue, startup_a_admin, staff
):
    # given: the startup's offer, and the requesting unit suspended since the startup opened the request
    offer = catalogue["interceptor"]
    offer.organisation = startup_a_admin.organisation
    offer.save()
    _suspend(interceptor_request.organisation, staff)

    # when / then
    with pytest.raises(IllegalTransition):
        match_express_interest(
            capability_request_id=interceptor_request.pk, offer=offer, by=startup_a_admin, pitch="We can adapt it."
        )
    assert not Match.objects.filter(source="startup_interest").exists()


def test_an_introduction_to_an_offer_of_a_suspended_startup_is_refused_like_a_dead_pair(match, officer_a, staff):
    # given
    _suspend(match.offer.organisation, staff)

    # when / then: the officer may ask, but the pair is no longer live (409, not 403)
    with pytest.raises(IllegalTransition):
        match_request_introduction(
            capability_request=match.capability_request, offer=match.offer, by=officer_a, note="Urgent."
        )
    match.refresh_from_db()
    assert match.source == "engine"


def test_a_step_that_leaves_the_state_is_told_as_what_happened_not_as_a_transition(
    proposed, accepted, startup_a_admin, officer_a, staff
):
    # given: the startup accepted first (the match stayed proposed), then the officer; the pilot ran and the
    # officer reported on it (the match stayed where it was)
    start_pilot(accepted, startup=startup_a_admin, officer=officer_a)
    report_pilot(accepted, officer=officer_a)

    # then: no notification names a state moving to itself; each says what happened
    texts = [notification_text(row.kind, row.context) for row in Notification.objects.all()]
    assert not [text for text in texts if any(f"{label} → {label}" in text for label in MatchState.labels)]
    officer_texts = [notification_text(row.kind, row.context) for row in officer_a.notifications.all()]
    startup_texts = [notification_text(row.kind, row.context) for row in startup_a_admin.notifications.all()]
    assert any(text.endswith(": the startup accepted; the requester's answer is awaited") for text in officer_texts)
    assert any(text.endswith(": the trial report was given") for text in startup_texts)
    told = startup_a_admin.notifications.get(kind="match.event", context__event_label="the trial report was given")
    assert "the trial report was given" in notification_email(told).subject
