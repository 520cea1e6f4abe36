"""Changes of identity of an organisation that has passed vetting: asked by its administrator, applied only
once staff approve, recorded as a vetting event and in the audit trail; and duplicates shown to staff."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from offers.services import organisation_update_profile
from profiles.models import IdentityChange, IdentityChangeState, Organisation, VettingEvent, VettingState
from profiles.permissions import may_decide_identity_change, may_request_identity_change
from profiles.selectors import possible_duplicates_of
from profiles.services import (
    identity_change_approve,
    identity_change_decline,
    identity_change_request,
    organisation_set_vetting,
    registration_number_guard,
)
from tests.conftest import login
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _pending(organisation) -> IdentityChange:
    return IdentityChange.objects.get(organisation=organisation, state=IdentityChangeState.PENDING)


# Asking ------------------------------------------------------------------------------------------------


def test_a_vetted_startups_admin_asks_and_only_the_other_fields_change_at_once(startup_a, startup_a_admin):
    # when
    organisation_update_profile(
        organisation=startup_a,
        by=startup_a_admin,
        legal_name="Alpha Interceptors GmbH",
        registration_number=startup_a.registration_number,
        website="https://interceptors.example",
    )

    # then
    startup_a.refresh_from_db()
    assert startup_a.legal_name == "Alpha Drones GmbH"
    assert startup_a.website == "https://interceptors.example"
    change = _pending(startup_a)
    assert change.proposed() == {"legal_name": "Alpha Interceptors GmbH"}
    assert change.previous == {"legal_name": "Alpha Drones GmbH"}
    assert change.requested_by == startup_a_admin
    entry = AuditEntry.objects.get(action="organisation.identity_change")
    assert entry.detail["event"] == "requested" and entry.organisation_id == startup_a.pk


def test_a_pending_startup_edits_its_identity_freely(pending_startup, pending_admin):
    # when
    organisation_update_profile(
        organisation=pending_startup, by=pending_admin, legal_name="Charlie Robotics", registration_number="HRB 5"
    )

    # then
    pending_startup.refresh_from_db()
    assert (pending_startup.legal_name, pending_startup.registration_number) == ("Charlie Robotics", "HRB 5")
    assert pending_startup.registration_key == "HRB5"
    assert not IdentityChange.objects.exists()


def test_a_pending_startup_cannot_take_a_number_another_company_holds(pending_startup, pending_admin, startup_a):
    with pytest.raises(ValidationError) as error:
        organisation_update_profile(
            organisation=pending_startup, by=pending_admin, registration_number=startup_a.registration_number.lower()
        )

    assert error.value.message_dict["registration_number"][0].startswith("A company with this registration number")


def test_a_new_request_replaces_the_pending_one_which_is_kept_as_withdrawn(startup_a, startup_a_admin):
    # given
    first = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")

    # when: fields left out keep what the pending request asked
    second = identity_change_request(organisation=startup_a, by=startup_a_admin, country="AT")

    # then
    first.refresh_from_db()
    assert first.state == IdentityChangeState.WITHDRAWN and first.decided_at is not None
    assert "Replaced" in first.rationale
    assert second.state == IdentityChangeState.PENDING
    assert second.proposed() == {"legal_name": "Alpha One GmbH", "country": "AT"}
    assert IdentityChange.objects.filter(organisation=startup_a, state=IdentityChangeState.PENDING).count() == 1


def test_asking_the_same_again_keeps_the_request_and_asking_the_current_values_withdraws_it(startup_a, startup_a_admin):
    # given
    first = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")

    # when
    again = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")
    back = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name=startup_a.legal_name)

    # then
    assert again.pk == first.pk
    assert back is None
    first.refresh_from_db()
    assert first.state == IdentityChangeState.WITHDRAWN


def test_a_proposed_number_another_company_holds_is_refused_at_once(startup_a, startup_a_admin, startup_b):
    with pytest.raises(ValidationError) as error:
        identity_change_request(
            organisation=startup_a,
            by=startup_a_admin,
            country=startup_b.country,
            registration_number=startup_b.registration_number.replace(" ", ""),
        )

    assert "registration_number" in error.value.message_dict
    assert not IdentityChange.objects.exists()


def test_the_database_holds_one_pending_change_per_organisation(startup_a, startup_a_admin):
    identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")

    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityChange.objects.create(organisation=startup_a, legal_name="Alpha Two GmbH")


def test_who_may_ask_and_who_may_decide(startup_a, startup_a_admin, startup_b_admin, staff, office):
    # given
    member = member_of(startup_a, role="member")
    change = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")

    # then
    assert may_request_identity_change(startup_a_admin, startup_a)
    assert may_request_identity_change(staff, startup_a)
    assert not may_request_identity_change(member, startup_a)
    assert not may_request_identity_change(startup_b_admin, startup_a)
    assert not may_request_identity_change(staff, office)
    assert may_decide_identity_change(staff, change)
    assert not may_decide_identity_change(startup_a_admin, change)
    with pytest.raises(PermissionDenied):
        identity_change_request(organisation=startup_a, by=member, legal_name="Taken Over GmbH")
    with pytest.raises(PermissionDenied):
        identity_change_approve(change=change, by=startup_a_admin, rationale="Mine.")


def test_a_suspended_organisations_admin_asks_nothing(startup_a, startup_a_admin, staff):
    # given
    organisation_set_vetting(
        organisation=startup_a, to_state=VettingState.SUSPENDED, note="Checks of the register.", by=staff
    )
    startup_a.refresh_from_db()

    # then: its members change nothing; staff may still ask for it
    assert not may_request_identity_change(startup_a_admin, startup_a)
    change = identity_change_request(organisation=startup_a, by=staff, legal_name="Alpha Renamed GmbH")
    startup_a.refresh_from_db()
    assert change.state == IdentityChangeState.PENDING and startup_a.legal_name == "Alpha Drones GmbH"


# Deciding ----------------------------------------------------------------------------------------------


def test_approval_applies_the_change_and_records_it(
    startup_a, startup_a_admin, staff, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    change = identity_change_request(
        organisation=startup_a, by=startup_a_admin, legal_name="Alpha Interceptors GmbH", registration_number="hrb 42"
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        identity_change_approve(change=change, by=staff, rationale="Register extract checked.")

    # then
    startup_a.refresh_from_db()
    assert (startup_a.legal_name, startup_a.registration_number, startup_a.registration_key) == (
        "Alpha Interceptors GmbH",
        "hrb 42",
        "HRB42",
    )
    assert startup_a.vetting_state == VettingState.VETTED
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.rationale) == (
        IdentityChangeState.APPROVED,
        staff,
        "Register extract checked.",
    )
    event = VettingEvent.objects.get(organisation=startup_a)
    assert event.from_state == event.to_state == VettingState.VETTED
    assert event.note.startswith("Identity change: legal name Alpha Drones GmbH → Alpha Interceptors GmbH; ")
    assert "registration number" in event.note and "Register extract checked." in event.note
    assert AuditEntry.objects.filter(action="organisation.identity_change", detail__event="approved").count() == 1
    assert [message.to for message in mailoutbox] == [[startup_a_admin.email]]
    assert "approved" in mailoutbox[0].subject


def test_decline_changes_nothing_and_tells_the_admins(
    startup_a, startup_a_admin, staff, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    change = identity_change_request(organisation=startup_a, by=startup_a_admin, country="AT")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        identity_change_decline(change=change, by=staff, rationale="The Austrian company is another one.")

    # then
    startup_a.refresh_from_db()
    assert startup_a.country == "DE"
    change.refresh_from_db()
    assert change.state == IdentityChangeState.DECLINED
    assert not VettingEvent.objects.filter(organisation=startup_a).exists()
    assert "The Austrian company is another one." in mailoutbox[0].body


def test_a_decision_needs_a_rationale_and_happens_once(startup_a, startup_a_admin, staff):
    # given
    change = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")

    # then
    with pytest.raises(ValidationError) as error:
        identity_change_approve(change=change, by=staff, rationale="  ")
    assert "rationale" in error.value.message_dict
    identity_change_decline(change=change, by=staff, rationale="No.")
    with pytest.raises(ValidationError):
        identity_change_approve(change=change, by=staff, rationale="Yes after all.")
    startup_a.refresh_from_db()
    assert startup_a.legal_name == "Alpha Drones GmbH"


def test_approval_checks_the_number_again(startup_a, startup_a_admin, staff):
    # given: a pending startup took the number while the change waited
    change = identity_change_request(organisation=startup_a, by=startup_a_admin, registration_number="HRB 777")
    OrganisationFactory(registration_number="HRB-777", vetting_state=VettingState.PENDING, vetted_at=None)

    # then
    with pytest.raises(ValidationError) as error:
        identity_change_approve(change=change, by=staff, rationale="Checked.")
    assert "registration_number" in error.value.message_dict
    change.refresh_from_db()
    assert change.state == IdentityChangeState.PENDING


# Registration keys and duplicates ----------------------------------------------------------------------


def test_the_key_is_kept_in_step_and_a_race_becomes_the_applicants_message(startup_a):
    # given
    twin = Organisation(kind="startup", legal_name="Twin GmbH", country="DE", registration_number="x")
    twin.save()
    twin.registration_number = startup_a.registration_number.lower().replace(" ", "")

    # when: the write that lost the race (the check before it passed)
    with pytest.raises(ValidationError) as error, registration_number_guard():
        twin.save(update_fields=["registration_number"])

    # then
    assert error.value.message_dict["registration_number"][0].startswith("A company with this registration number")


def test_a_rejected_organisation_does_not_hold_its_number(staff):
    # given
    rejected = OrganisationFactory(registration_number="HRB 31", vetting_state=VettingState.PENDING, vetted_at=None)
    organisation_set_vetting(organisation=rejected, to_state=VettingState.REJECTED, note="Not a company.", by=staff)

    # when
    again = OrganisationFactory(registration_number="HRB31", vetting_state=VettingState.PENDING, vetted_at=None)

    # then
    assert again.registration_key == "HRB31"


def test_staff_see_possible_duplicates_by_number_in_any_country_and_by_name(startup_a, staff, startup_a_admin):
    # given
    same_number = OrganisationFactory(country="AT", registration_number=startup_a.registration_number.lower())
    same_name = OrganisationFactory(legal_name="  alpha   DRONES gmbh ", country="FR", registration_number="1")
    OrganisationFactory(legal_name="Alpha Robotics GmbH")

    # when
    found = possible_duplicates_of(staff, startup_a)

    # then
    assert {organisation.pk for organisation in found} == {same_number.pk, same_name.pk}
    assert [str(reason) for reason in next(o for o in found if o.pk == same_number.pk).duplicate_reasons] == [
        "registration number"
    ]
    assert possible_duplicates_of(startup_a_admin, startup_a) == []


# Pages -------------------------------------------------------------------------------------------------


def test_staff_decide_on_the_vetting_page(client, startup_a, startup_a_admin, staff):
    # given
    change = identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")
    OrganisationFactory(country="AT", registration_number=startup_a.registration_number)
    login(client, staff)

    # when
    page = client.get(reverse("profiles_staff:organisation_detail", args=[startup_a.pk])).content.decode()
    listed = client.get(reverse("profiles_staff:identity_change_list")).content.decode()
    refused = client.post(
        reverse("profiles_staff:identity_change_detail", args=[change.pk]), {"decision": "approve", "rationale": ""}
    )
    done = client.post(
        reverse("profiles_staff:identity_change_detail", args=[change.pk]),
        {"decision": "approve", "rationale": "Name change published in the register."},
    )

    # then
    assert 'data-testid="possible-duplicates"' in page and "Austria" in page
    assert 'data-testid="identity-changes"' in page and "Alpha One GmbH" in page
    assert "Alpha One GmbH" in listed
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert done.status_code == 302
    startup_a.refresh_from_db()
    assert startup_a.legal_name == "Alpha One GmbH"


def test_the_company_page_shows_the_pending_change_and_keeps_asking_it(client, startup_a, startup_a_admin):
    # given
    identity_change_request(organisation=startup_a, by=startup_a_admin, legal_name="Alpha One GmbH")
    login(client, startup_a_admin)

    # when
    page = client.get(reverse("offers:company_profile"))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in ("legal_name", "country", "registration_number", "description")}
    client.post(reverse("offers:company_profile"), {**data, "website": "https://alpha.example", "ncage_code": ""})

    # then: saving the other fields did not withdraw the request
    assert 'data-testid="pending-identity-change"' in page.content.decode()
    assert data["legal_name"] == "Alpha One GmbH"
    assert _pending(startup_a).proposed() == {"legal_name": "Alpha One GmbH"}
