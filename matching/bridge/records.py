"""Turns model rows into the engine's plain records; the only place that knows both sides. It also says,
once, which rows the engine scores: the matchable offers and the open requests."""

from collections.abc import Collection

from django.db.models import Prefetch, QuerySet

from engine import AreaNode, OfferRecord, RequestRecord
from needs.models import CapabilityRequest, RequestState, Visibility
from offers.models import Offer, OfferState
from offers.selectors import in_catalogue
from profiles.permissions import in_good_standing, in_good_standing_q
from taxonomy.models import CapabilityArea

SLUG_ONLY = Prefetch("areas", queryset=CapabilityArea.objects.only("slug"))


def matchable_offers() -> QuerySet[Offer]:
    """Offers the engine may propose: published, of a startup in good standing (the hard filters)."""
    return Offer.objects.filter(in_catalogue())


def open_requests_to_score() -> QuerySet[CapabilityRequest]:
    """The requests the engine scores, full rescores walk and the dashboard counts: the open ones of
    organisations in good standing."""
    return CapabilityRequest.objects.filter(
        in_good_standing_q("organisation__"), state=RequestState.OPEN, visibility__in=Visibility.values
    )


def area_nodes() -> list[AreaNode]:
    return [
        AreaNode(
            id=slug,
            parent_id=parent_slug,
            name_en=name_en,
            name_uk=name_uk,
            synonyms_en=tuple(synonyms_en),
            synonyms_uk=tuple(synonyms_uk),
        )
        for slug, parent_slug, name_en, name_uk, synonyms_en, synonyms_uk in CapabilityArea.objects.values_list(
            "slug", "parent__slug", "name_en", "name_uk", "synonyms_en", "synonyms_uk"
        )
    ]


def offer_record(offer: Offer) -> OfferRecord:
    return OfferRecord(
        id=str(offer.pk),
        title=offer.title,
        description=f"{offer.summary}\n{offer.description}",
        language=offer.language,
        areas=tuple(area.slug for area in offer.areas.all()),
        is_published=offer.state == OfferState.PUBLISHED,
        organisation_vetted=in_good_standing(offer.organisation),
    )


def request_record(request: CapabilityRequest) -> RequestRecord:
    return RequestRecord(
        id=str(request.pk),
        title=request.title,
        description=request.description,
        language=request.language,
        summary_en=request.summary_en,
        areas=tuple(area.slug for area in request.areas.all()),
        is_open=request.state == RequestState.OPEN,
        visibility=request.visibility,
    )


def offer_records(offers: QuerySet[Offer]) -> list[OfferRecord]:
    return [offer_record(offer) for offer in offers.select_related("organisation").prefetch_related(SLUG_ONLY)]


def request_records(requests: QuerySet[CapabilityRequest]) -> list[RequestRecord]:
    return [request_record(request) for request in requests.prefetch_related(SLUG_ONLY)]


# A cold engine reads every matchable offer by its pk; PostgreSQL takes at most 65,535 parameters in a statement
# whose values are sent apart from it (innovation_office/settings/base.py), so the pks go a chunk at a time.
PKS_A_READ = 10_000


def _chunks(pks: Collection[str]) -> list[list[str]]:
    pks = list(pks)
    return [pks[start : start + PKS_A_READ] for start in range(0, len(pks), PKS_A_READ)]


def matchable_offer_records(pks: Collection[str]) -> list[OfferRecord]:
    """The records of those of `pks` that are matchable offers (what an engine upserts for a changed offer)."""
    return [record for chunk in _chunks(pks) for record in offer_records(matchable_offers().filter(pk__in=chunk))]


def open_request_records(pks: Collection[str]) -> list[RequestRecord]:
    """The records of those of `pks` that are requests to score."""
    return [
        record for chunk in _chunks(pks) for record in request_records(open_requests_to_score().filter(pk__in=chunk))
    ]
