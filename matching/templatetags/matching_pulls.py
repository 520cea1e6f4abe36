"""The small pull forms other apps' pages include: a startup's interest in a request, an officer's request
for an introduction to an offer. Each shows only to the people who may use it."""

from collections.abc import Callable

from django import template
from django.template.loader import render_to_string

from innovation_office.fragments import shared_value
from innovation_office.search import meaning_ready
from needs.models import CapabilityRequest, RequestState
from needs.selectors import managed_requests_readers, requests_for_management
from offers.models import OfferState
from offers.selectors import own_offers, own_offers_readers

from ..forms import InterestForm, IntroductionForm
from ..permissions import may_offer_interest, may_request_introduction

register = template.Library()

# The offer page's parameter that searches the officer's open requests for the introduction form, and the
# request page's that searches the startup's published offers for the interest form.
REQUEST_SEARCH = "request_q"
OFFER_SEARCH = "offer_q"


def _picker(form, fields_template: str, has_records: Callable[[], bool]) -> dict:
    """What a pull form's picker shows: whether it lists any record, whether the party has any to list at all,
    and its fields drawn (the picker, the note that there are more, the text field). Plain values, kept in the
    cache: a process running other code reads them alike."""
    listed = bool(form.listed)
    return {
        "listed": listed,
        "has_records": listed or has_records(),
        "fields": render_to_string(fields_template, {"form": form}),
    }


@register.inclusion_tag("matching/includes/interest_form.html", takes_context=True)
def interest_form(context, request_pk: int) -> dict:
    """A startup's picker of its published offers is the same on every request's page: drawn once for its members
    (innovation_office/fragments.py) until an offer or a request changes."""
    user = context["request"].user
    if not may_offer_interest(user):
        return {"show": False}
    query = context["request"].GET.get(OFFER_SEARCH, "").strip()[:200]

    def picker() -> dict:
        published = own_offers(user, state=OfferState.PUBLISHED, query=query)
        form = InterestForm(offers=published)
        # A search that finds nothing says so; a startup with no published offer is told to publish one.
        everything = own_offers(user, state=OfferState.PUBLISHED)
        return _picker(form, "matching/includes/interest_fields.html", lambda: bool(query) and everything.exists())

    return {
        "picker": shared_value("interest-picker", own_offers_readers(user), query, picker, keep=lambda: True),
        "query": query,
        "search_name": OFFER_SEARCH,
        "request_pk": request_pk,
        "show": True,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("matching/includes/introduction_form.html", takes_context=True)
def introduction_form(context, offer) -> dict:
    """An officer's picker of the unit's open requests is the same on every offer's page: drawn once for the
    unit's officers (innovation_office/fragments.py) until an offer or a request changes."""
    user = context["request"].user
    if not may_request_introduction(user):
        return {"show": False}
    query = context["request"].GET.get(REQUEST_SEARCH, "").strip()[:200]

    def picker() -> dict:
        form = IntroductionForm(requests=requests_for_management(user, state=RequestState.OPEN, query=query))
        return _picker(form, "matching/includes/introduction_fields.html", lambda: False)

    return {
        "picker": shared_value(
            "introduction-picker",
            managed_requests_readers(user),
            query,
            picker,
            # A search by meaning made while this process's search engine is being built is not kept.
            keep=lambda: not query or meaning_ready(CapabilityRequest),
        ),
        "query": query,
        "search_name": REQUEST_SEARCH,
        "offer": offer,
        "show": True,
        "csrf_token": context.get("csrf_token"),
    }
