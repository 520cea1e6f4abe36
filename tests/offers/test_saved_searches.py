"""Officers keep catalogue searches and hear of new offers that answer them, and of nothing they could not
have found by searching."""

from django.urls import reverse

from innovation_office.tasks import ALERT_SAVED_SEARCHES
from notifications.models import Notification
from offers.models import OfferState, SavedSearch
from offers.saved_searches import saved_searches_alert
from offers.services import offer_publish
from profiles.services import organisation_set_vetting
from tests.conftest import login
from tests.factories import OfferFactory


def _save(client, officer, query, name="Night sights"):
    login(client, officer)
    return client.post(reverse("offers:saved_searches"), {"name": name, "query": query})


def test_an_officer_saves_a_search_from_the_catalogue_and_runs_it_again(client, officer_a):
    login(client, officer_a)
    catalogue = client.get(reverse("offers:catalogue"), {"q": "thermal"})
    assert 'data-testid="save-search"' in catalogue.content.decode()
    response = _save(client, officer_a, "q=thermal&trl_min=7")
    assert response.status_code == 302
    page = client.get(reverse("offers:saved_searches")).content.decode()
    assert "Night sights" in page and "?q=thermal&amp;trl_min=7" in page
    assert SavedSearch.objects.get(user=officer_a).filters["trl_min"] == 7


def test_a_second_search_of_the_same_name_is_refused_plainly(client, officer_a):
    _save(client, officer_a, "q=thermal")
    response = _save(client, officer_a, "q=radar")
    assert response.status_code == 200 and "You already have a search with this name." in response.content.decode()
    assert SavedSearch.objects.filter(user=officer_a).count() == 1


def test_publishing_an_offer_queues_the_alert(
    startup_a, startup_a_admin, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        "innovation_office.tasks.app.signature", lambda name, args: queued.append((name, args)) or _Queued()
    )
    draft = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        offer_publish(offer=draft, by=startup_a_admin)
    assert (ALERT_SAVED_SEARCHES, (draft.pk,)) in queued


class _Queued:
    def delay(self):
        return None


def test_an_offer_is_announced_to_the_officers_whose_search_it_answers(client, officer_a, officer_b, startup_a):
    _save(client, officer_a, "q=thermal", name="Thermal")
    _save(client, officer_b, "q=radar", name="Radar")
    offer = OfferFactory(organisation=startup_a, title="Thermal sight TS-9")
    assert saved_searches_alert(offer_id=offer.pk) == 1
    told = Notification.objects.filter(kind="offer.saved_search")
    assert [(notice.recipient, notice.context["search"]) for notice in told] == [(officer_a, "Thermal")]
    assert saved_searches_alert(offer_id=offer.pk) == 1 and told.count() == 1  # told once, however often asked


def test_an_alert_names_no_offer_the_officer_may_not_find(client, officer_a, startup_a, startup_a_admin, staff):
    _save(client, officer_a, "q=thermal", name="Thermal")
    offer = OfferFactory(organisation=startup_a, title="Thermal sight TS-9")
    organisation_set_vetting(organisation=startup_a, to_state="suspended", note="Review.", by=staff)
    assert saved_searches_alert(offer_id=offer.pk) == 0


def test_only_catalogue_readers_keep_searches(client, startup_a_admin):
    login(client, startup_a_admin)
    assert client.get(reverse("offers:saved_searches")).status_code == 404


def test_an_officer_deletes_a_search_of_their_own_only(client, officer_a, officer_b):
    _save(client, officer_a, "q=thermal")
    search = SavedSearch.objects.get()
    login(client, officer_b)
    assert client.post(reverse("offers:saved_search_delete", args=[search.pk])).status_code == 404
    login(client, officer_a)
    client.post(reverse("offers:saved_search_delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()
