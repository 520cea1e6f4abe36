"""The small pull forms other apps' pages include: a startup's interest in a request, an officer's request
for an introduction to an offer. Each shows only to the people who may use it."""

from django import template

from needs.models import RequestState
from needs.selectors import requests_for_management
from offers.models import OfferState
from offers.selectors import own_offers

from ..forms import InterestForm, IntroductionForm
from ..permissions import may_offer_interest, may_request_introduction

register = template.Library()

# The offer page's parameter that searches the officer's open requests for the introduction form, and the
# request page's that searches the startup's published offers for the interest form.
REQUEST_SEARCH = "request_q"
OFFER_SEARCH = "offer_q"


@register.inclusion_tag("matching/includes/interest_form.html", takes_context=True)
def interest_form(context, request_pk: int) -> dict:
    user = context["request"].user
    if not may_offer_interest(user):
        return {"show": False}
    query = context["request"].GET.get(OFFER_SEARCH, "").strip()[:200]
    form = InterestForm(offers=own_offers(user, state=OfferState.PUBLISHED, query=query))
    return {
        "form": form,
        # A search that finds nothing says so; a startup with no published offer is told to publish one.
        "has_offers": bool(form.listed) or (bool(query) and own_offers(user, state=OfferState.PUBLISHED).exists()),
        "query": query,
        "search_name": OFFER_SEARCH,
        "request_pk": request_pk,
        "show": True,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("matching/includes/introduction_form.html", takes_context=True)
def introduction_form(context, offer) -> dict:
    user = context["request"].user
    if not may_request_introduction(user):
        return {"show": False}
    query = context["request"].GET.get(REQUEST_SEARCH, "").strip()[:200]
    return {
        "form": IntroductionForm(requests=requests_for_management(user, state=RequestState.OPEN, query=query)),
        "query": query,
        "search_name": REQUEST_SEARCH,
        "offer": offer,
        "show": True,
        "csrf_token": context.get("csrf_token"),
    }
