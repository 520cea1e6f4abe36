"""The open requests that fit a startup's published offers: the engine's best stored pairs for each offer,
read through the same anonymised projection as the request catalogue."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from needs.selectors import AnonymisedRequest, anonymise, anonymised_rows_for
from offers.models import Offer, OfferState
from offers.selectors import own_offers
from profiles.models import User

from ..models import Match, MatchState

PER_OFFER = 5


@dataclass(frozen=True)
class OfferWithRequests:
    offer: Offer
    requests: list[AnonymisedRequest]


def fitting_requests_for(user: User, *, per_offer: int = PER_OFFER) -> list[OfferWithRequests]:
    """Each published offer of the startup with its best open requests, best first. Only requests the startup
    may read (open, open to vetted startups, of an organisation in good standing) and no pair staff set aside.
    A fixed number of queries, however many offers and pairs (404 for anyone but a startup member)."""
    # The page names each offer; it shows none of their areas.
    offers = list(own_offers(user, state=OfferState.PUBLISHED).prefetch_related(None).order_by("title", "pk"))
    readable = anonymised_rows_for(user)
    ranked = (
        Match.objects.filter(offer__in=[offer.pk for offer in offers], capability_request__in=readable.values("pk"))
        .exclude(state=MatchState.DISMISSED)
        .annotate(rank=Window(RowNumber(), partition_by=F("offer_id"), order_by=[F("score").desc(), F("pk").asc()]))
        .filter(rank__lte=per_offer)
        .order_by("offer_id", "rank")
        .values_list("offer_id", "capability_request_id")
    )
    pairs = list(ranked) if offers else []
    rows = {row.pk: anonymise(row) for row in readable.filter(pk__in={request_id for _, request_id in pairs})}
    by_offer: dict[int, list[AnonymisedRequest]] = defaultdict(list)
    for offer_id, request_id in pairs:
        by_offer[offer_id].append(rows[request_id])
    return [OfferWithRequests(offer, by_offer[offer.pk]) for offer in offers]
