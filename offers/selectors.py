"""Reads of offers and of startups' public profiles, each already scoped to the user asking."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from innovation_office.refusals import not_found
from innovation_office.search import RELEVANCE, by_meaning, text_search
from profiles.models import Organisation, OrganisationKind, User
from profiles.permissions import in_good_standing_q, is_staff
from taxonomy.reading import search_query
from taxonomy.selectors import area_with_descendants_ids

from .models import Offer, OfferState
from .permissions import may_browse_catalogue, may_edit_offer, refuse_offer_change


def in_catalogue() -> Q:
    """The offers in the catalogue, which officers read and the engine matches: published, by a startup
    in good standing."""
    return Q(state=OfferState.PUBLISHED, organisation__kind=OrganisationKind.STARTUP) & in_good_standing_q(
        "organisation__"
    )


def offers_visible_to(user: User) -> QuerySet[Offer]:
    """Staff: every offer. Startup members: their organisation's. Officers in good standing: the
    catalogue. Others: none."""
    offers = Offer.objects.select_related("organisation").prefetch_related("areas")
    if not user.is_authenticated:
        return offers.none()
    if is_staff(user):
        return offers
    if user.is_startup_member:
        return offers.filter(organisation=user.organisation)
    if may_browse_catalogue(user):
        return offers.filter(in_catalogue())
    return offers.none()


def catalogue_readers(user: User) -> str | None:
    """Who reads the same catalogue as the user, for a rendered page of it shared among them: every officer
    who may browse reads the same offers. Staff (who see every state) and anyone else: nobody else."""
    if may_browse_catalogue(user) and not is_staff(user):
        return "officers"
    return None


def own_offers_readers(user: User) -> str | None:
    """Who reads the same list of a startup's own offers as the user (a rendered page of it is shared among
    them): the members of their startup. Anyone else reads no such list."""
    if user.is_startup_member:
        return f"startup-{user.organisation.pk}"
    return None


def offer_get(user: User, pk: int) -> Offer:
    return get_object_or_404(offers_visible_to(user), pk=pk)


def offer_get_for_edit(user: User, pk: int) -> Offer:
    """An offer the user may change: 404 when they may not see it, 403 when they may only read it."""
    offer = offer_get(user, pk)
    if not may_edit_offer(user, offer):
        refuse_offer_change()
    return offer


def own_offers(user: User, *, state: str = "", query: str = "") -> QuerySet[Offer]:
    """A startup member's list of their organisation's offers, most recently changed first; with a `query`,
    those answering it, the best first."""
    if not user.is_startup_member:
        not_found()
    offers = offers_visible_to(user)
    if state:
        offers = offers.filter(state=state)
    if query:
        return text_search(offers, search_query(query)).order_by(*RELEVANCE)
    return offers.order_by("-updated_at", "-pk")


@dataclass(frozen=True)
class CatalogueFilters:
    query: str = ""
    area_id: int | None = None
    trl_min: int | None = None
    field_tested: bool = False
    lead_time_max: int | None = None
    export_control: str = ""
    country: str = ""
    sort: str = "newest"  # or "relevance", which ranks by the query (newest first without one)
    organisation_id: int | None = None  # staff only
    state: str = ""  # staff only

    @property
    def by_meaning(self) -> bool:
        """Whether the search finds by meaning too: only when ranked by relevance (in another order, offers near
        in meaning would be mixed in among those holding the words)."""
        return bool(self.query) and self.sort == "relevance"


SORTS = {
    "newest": (F("published_at").desc(nulls_last=True), "-pk"),
    "trl": ("-trl", F("published_at").desc(nulls_last=True), "-pk"),
    "lead_time": ("lead_time_days", F("published_at").desc(nulls_last=True), "-pk"),
}


def offer_catalogue(user: User, filters: CatalogueFilters, *, meaning: bool = True) -> QuerySet[Offer]:
    """The offers an officer or staff member browses; startups have no catalogue (404)."""
    if not may_browse_catalogue(user):
        not_found()
    offers = offers_visible_to(user)
    if filters.area_id is not None:
        offers = offers.filter(
            Exists(
                Offer.areas.through.objects.filter(
                    offer_id=OuterRef("pk"), capabilityarea_id__in=area_with_descendants_ids(filters.area_id)
                )
            )
        )
    if filters.trl_min is not None:
        offers = offers.filter(trl__gte=filters.trl_min)
    if filters.field_tested:
        offers = offers.filter(field_tested_ua=True)
    if filters.lead_time_max is not None:
        offers = offers.filter(lead_time_days__lte=filters.lead_time_max)
    if filters.export_control:
        offers = offers.filter(export_control=filters.export_control)
    if filters.country:
        offers = offers.filter(organisation__country=filters.country)
    if is_staff(user) and filters.organisation_id is not None:
        offers = offers.filter(organisation_id=filters.organisation_id)
    if is_staff(user) and filters.state:
        offers = offers.filter(state=filters.state)
    if filters.query:
        query = search_query(filters.query)
        # A narrowed catalogue is searched within (its best, not the best of all that it happens to hold).
        near = None
        if meaning and query and filters.by_meaning:
            narrowed = filters != CatalogueFilters(query=filters.query, sort=filters.sort)
            near = by_meaning(Offer, filters.query, among=offers if narrowed else None)
        offers = text_search(offers, query, meaning=near)
        if filters.sort == "relevance":
            return offers.order_by(*RELEVANCE)
    return offers.order_by(*SORTS.get(filters.sort, SORTS["newest"]))


def startups_for_catalogue_filter(user: User) -> QuerySet[Organisation]:
    """The organisations staff may narrow the catalogue to."""
    if not is_staff(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=OrganisationKind.STARTUP).order_by("legal_name")


def public_profiles_visible_to(user: User) -> QuerySet[Organisation]:
    """Startups whose public profile (name, country, website, description, logo, NCAGE) the user may see:
    their own, any for staff, and for officers those with an offer in the catalogue."""
    startups = Organisation.objects.filter(kind=OrganisationKind.STARTUP)
    if not user.is_authenticated:
        return startups.none()
    if is_staff(user):
        return startups
    if may_browse_catalogue(user):
        return startups.filter(Exists(Offer.objects.filter(in_catalogue(), organisation=OuterRef("pk"))))
    return startups.filter(memberships__user=user)


def public_profile_get(user: User, pk: int) -> Organisation:
    organisation = public_profiles_visible_to(user).filter(pk=pk).first()
    if organisation is None:
        not_found()
    return organisation


def own_startup(user: User) -> Organisation:
    """The startup the user belongs to, for its company-profile page; 404 for everyone else."""
    if not user.is_startup_member:
        not_found()
    return user.organisation


def offers_created_by_export(user: User) -> list[dict]:
    """The offers the user wrote, for their data download: number, title, state and date."""
    offers = Offer.objects.filter(created_by=user).order_by("created_at", "pk")
    return [
        {"id": offer.pk, "title": offer.title, "state": offer.state, "created_at": offer.created_at}
        for offer in offers.only("pk", "title", "state", "created_at")
    ]
