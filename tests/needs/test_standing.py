"""An organisation out of good standing reads its own requests, changes nothing, and nobody else reads
them: the standing rule on requests."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from needs.models import RequestState
from needs.selectors import requests_for_management, requests_for_startup, requests_visible_to
from needs.services import RequestFields, request_cancel, request_create
from profiles.models import VettingState
from profiles.services import organisation_set_vetting
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspend(staff):
    def act(organisation):
        organisation_set_vetting(
            organisation=organisation, to_state=VettingState.SUSPENDED, note="Under investigation.", by=staff
        )

    return act


def draft_fields(area) -> RequestFields:
    return RequestFields(
        title="Anti-jam links for FPV",
        description="Video links that hold under heavy jamming.",
        language="en",
        min_trl=6,
        quantity=10,
        needed_by=timezone.localdate() + timedelta(days=30),
        areas=(area("uas-aerial-interceptor"),),
    )


def test_an_officer_of_a_suspended_unit_cannot_draft_a_request(officer_a, unit_a, suspend, area, client):
    # given
    suspend(unit_a)

    # when / then
    with pytest.raises(PermissionDenied):
        request_create(fields=draft_fields(area), by=officer_a)
    login(client, officer_a)
    assert client.get(reverse("needs:create")).status_code == 403


def test_an_officer_of_a_suspended_unit_reads_its_requests_and_changes_none(
    officer_a, unit_a, open_request, suspend, client
):
    # given
    suspend(unit_a)

    # then
    assert list(requests_for_management(officer_a)) == [open_request]
    with pytest.raises(PermissionDenied):
        request_cancel(capability_request=open_request, by=officer_a)
    open_request.refresh_from_db()
    assert open_request.state == RequestState.OPEN
    login(client, officer_a)
    page = client.get(reverse("needs:detail", args=[open_request.pk]))
    assert page.status_code == 200 and 'name="to"' not in page.content.decode()
    assert client.get(reverse("needs:edit", args=[open_request.pk])).status_code == 403
    assert client.post(reverse("needs:change_state", args=[open_request.pk]), {"to": "closed"}).status_code == 403


def test_other_officers_and_startups_do_not_read_a_suspended_units_requests(
    officer_b, startup_a_admin, unit_a, open_request, suspend
):
    # when
    suspend(unit_a)

    # then
    assert not requests_visible_to(officer_b).filter(pk=open_request.pk).exists()
    assert not requests_visible_to(startup_a_admin).filter(pk=open_request.pk).exists()


def test_startups_no_longer_see_the_requests_of_a_suspended_unit(startup_a_admin, unit_a, open_request, suspend):
    # given
    assert [item.pk for item in requests_for_startup(startup_a_admin).object_list] == [open_request.pk]

    # when
    suspend(unit_a)

    # then
    assert requests_for_startup(startup_a_admin).object_list == []


def test_a_suspended_startup_no_longer_reads_the_catalogue_of_requests(
    startup_a_admin, startup_a, open_request, suspend
):
    # when
    suspend(startup_a)

    # then
    assert requests_for_startup(startup_a_admin).object_list == []
    assert not requests_visible_to(startup_a_admin).exists()
