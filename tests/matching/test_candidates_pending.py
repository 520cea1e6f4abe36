"""After saving, the owner's page of a request or an offer says that candidates are being computed, polls a
small fragment (or offers a reload link), and stops saying so once the scoring is done."""

import pytest
from django.urls import reverse

from matching.tasks import score_offer_task, score_request_task
from tests.conftest import login
from tests.factories import member_of
from tests.matching.helpers import offer_form_data, request_form_data
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

REQUEST_NOTE = "Finding candidate offers…"
OFFER_NOTE = "Finding matching requests…"


def test_a_saved_request_says_its_candidates_are_being_computed_until_they_are(
    client, interceptor_request, catalogue, officer_a
):
    # given: the officer saved the request; its scoring is queued (on commit, which this test never reaches)
    login(client, officer_a)
    page = reverse("needs:detail", args=[interceptor_request.pk])
    fragment = reverse("needs:scoring", args=[interceptor_request.pk])
    response = client.post(reverse("needs:edit", args=[interceptor_request.pk]), request_form_data(interceptor_request))
    assert response.status_code == 302

    # when
    pending_page = client.get(page).content.decode()

    # then: the note, a poll of the fragment, and a link for a browser without JavaScript
    assert REQUEST_NOTE in pending_page
    assert f'hx-get="{fragment}"' in pending_page and f'href="{page}"' in pending_page
    assert REQUEST_NOTE in client.get(fragment).content.decode()

    # and when the scoring has run
    score_request_task(interceptor_request.pk)
    assert REQUEST_NOTE not in client.get(page).content.decode()
    done = client.get(fragment).content.decode()
    assert REQUEST_NOTE not in done and "hx-get" not in done


def test_a_saved_offer_says_its_matching_requests_are_being_computed_until_they_are(
    client, interceptor_request, catalogue
):
    # given
    offer = catalogue["interceptor"]
    login(client, member_of(offer.organisation, email="anna@aerodrive.example"), second_factor=False)
    page = reverse("offers:detail", args=[offer.pk])
    fragment = reverse("offers:scoring", args=[offer.pk])
    assert client.post(reverse("offers:edit", args=[offer.pk]), offer_form_data(offer)).status_code == 302

    # when
    pending_page = client.get(page).content.decode()

    # then
    assert OFFER_NOTE in pending_page
    assert f'hx-get="{fragment}"' in pending_page and f'href="{page}"' in pending_page
    assert OFFER_NOTE in client.get(fragment).content.decode()

    # and when the scoring has run
    score_offer_task(offer.pk)
    assert OFFER_NOTE not in client.get(page).content.decode()
    done = client.get(fragment).content.decode()
    assert OFFER_NOTE not in done and "hx-get" not in done


def test_a_saved_draft_says_nothing_of_candidates(client, unit_a, officer_a, catalogue):
    # given: drafts are not matched
    draft = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, state="draft")
    login(client, officer_a)

    # when
    response = client.post(reverse("needs:edit", args=[draft.pk]), request_form_data(draft))

    # then
    assert response.status_code == 302
    assert REQUEST_NOTE not in client.get(reverse("needs:detail", args=[draft.pk])).content.decode()


def test_the_officer_reading_an_offer_sees_no_note_of_its_scoring(client, catalogue, officer_a):
    # given: the startup has just saved its offer
    offer = catalogue["interceptor"]
    login(client, member_of(offer.organisation, email="anna@aerodrive.example"), second_factor=False)
    assert client.post(reverse("offers:edit", args=[offer.pk]), offer_form_data(offer)).status_code == 302

    # when
    login(client, officer_a)
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()

    # then
    assert OFFER_NOTE not in page
