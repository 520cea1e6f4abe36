"""Offers pages: a startup's own list, creating and editing, state changes, its company profile, the
catalogue, and the files behind them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_office.forms import add_service_errors, submission_done, submission_key, submission_record
from innovation_office.fragments import known_parameters, page_number, shared_part
from innovation_office.paginator import CountedPaginator
from innovation_office.refusals import not_found
from innovation_office.search import meaning_ready
from profiles.permissions import in_good_standing, is_staff
from profiles.selectors import pending_identity_change_of
from profiles.uploads import pdf_download
from taxonomy.reading import tell_why_matched
from taxonomy.selectors import area_options, areas_version

from .forms import CatalogueFilterForm, CompanyProfileForm, OfferForm, SavedSearchForm, StaffCatalogueFilterForm
from .models import Offer, OfferState
from .permissions import (
    may_download_datasheet,
    may_draft_offer_for,
    may_edit_offer,
    may_edit_profile,
    refuse_offer_change,
)
from .saved_searches import saved_search_create, saved_search_delete, saved_search_get, saved_searches_of
from .selectors import (
    catalogue_readers,
    offer_catalogue,
    offer_get,
    offer_get_for_edit,
    own_offers,
    own_offers_readers,
    own_startup,
    public_profile_get,
    startups_for_catalogue_filter,
)
from .services import OFFER_MOVES, offer_create, offer_update, organisation_update_profile
from .states import OFFER_STATES

PAGE_SIZE = 20
MOVE_DONE = {
    "publish": gettext_lazy("The offer is published: Ukrainian officers can now find it in the catalogue."),
    "unpublish": gettext_lazy("The offer is back to draft and no longer in the catalogue."),
    "archive": gettext_lazy("The offer is archived."),
    "restore": gettext_lazy("The offer is restored as a draft."),
}


def _form_context(form: OfferForm, **extra) -> dict:
    return {"form": form, "area_options": area_options(form["areas"].value()), **extra}


def _initial(offer: Offer) -> dict:
    fields = {name: getattr(offer, name) for name in OfferForm.base_fields if name not in ("areas", "datasheet")}
    return {**fields, "areas": [area.pk for area in offer.areas.all()]}


@login_required
@require_GET
def my_offers(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in OfferState.values else ""
    offers = own_offers(request.user, state=state)
    number = page_number(request.GET.get("page"))
    context = {
        # The same for every member of the startup, rendered once for them (innovation_office/fragments.py).
        "results": shared_part(
            "own-offers",
            own_offers_readers(request.user),
            (state, number),
            lambda: _own_offers_results(offers, state, number),
            keep=lambda: True,
        ),
        "state": state,
        "states": OfferState.choices,
        "organisation": request.user.organisation,
        "in_good_standing": in_good_standing(request.user.organisation),
    }
    return render(request, "offers/mine.html", context)


def _own_offers_results(offers, state: str, number: int) -> str:
    """One page of a startup's offers (or why there is none) and the pages' links."""
    context = {
        "page": CountedPaginator(offers, PAGE_SIZE).get_page(number),
        "state": state,
        "query_string": f"state={state}" if state else "",
    }
    return render_to_string("offers/_own_offers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    organisation = own_startup(request.user)
    if not may_draft_offer_for(request.user, organisation):
        refuse_offer_change()
    key = submission_key(request)
    already_saved = request.method == "POST" and submission_done(request, "offers.offer", key)
    if already_saved:
        messages.info(request, _("This form was already sent: the offer is saved once, here."))
        return redirect("offers:detail", pk=already_saved)
    form = OfferForm(
        request.POST or None, request.FILES or None, initial={"language": "en", "export_control": "not_controlled"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = offer_create(organisation=organisation, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            submission_record(request, "offers.offer", key, offer.pk)
            messages.success(request, _("The offer is saved as a draft."))
            return redirect("offers:detail", pk=offer.pk)
    context = _form_context(form, organisation=organisation, submission_key=key)
    return render(request, "offers/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_get_for_edit(request.user, pk)
    form = OfferForm(request.POST or None, request.FILES or None, initial=_initial(offer))
    if request.method == "POST" and form.is_valid():
        try:
            offer_update(offer=offer, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("offers:detail", pk=offer.pk)
    return render(request, "offers/form.html", _form_context(form, offer=offer, organisation=offer.organisation))


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_get(request.user, pk)
    moves = OFFER_STATES.moves_for(request.user, offer)
    may_edit = may_edit_offer(request.user, offer)
    context = {
        "offer": offer,
        "organisation": offer.organisation,
        "in_good_standing": in_good_standing(offer.organisation),
        "may_edit": may_edit,
        "candidates_pending": may_edit and offer.candidates_pending,
        "moves": moves,
        "awaits_vetting": _awaits_vetting(request.user, offer, moves),
        "publish_label": OFFER_STATES["publish"].label,
    }
    return render(request, "offers/detail.html", context)


@login_required
@require_GET
def scoring(request: HttpRequest, pk: int) -> HttpResponse:
    """The offer page's note while its matching requests are being computed; empty once they are."""
    offer = offer_get_for_edit(request.user, pk)
    context = {"offer": offer, "candidates_pending": offer.candidates_pending}
    return render(request, "offers/_candidates_pending.html", context)


def _awaits_vetting(user, offer: Offer, moves) -> bool:
    """A draft its startup may not publish yet: the page shows the button disabled, and says why."""
    publish = OFFER_STATES["publish"]
    return may_edit_offer(user, offer) and offer.state in publish.sources and publish not in moves


@login_required
@require_POST
def move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    offer = offer_get_for_edit(request.user, pk)
    try:
        OFFER_MOVES[move](offer=offer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MOVE_DONE[move])
    return redirect("offers:detail", pk=offer.pk)


@login_required
@require_GET
def datasheet(request: HttpRequest, pk: int) -> FileResponse:
    offer = offer_get(request.user, pk)
    if not offer.datasheet or not may_download_datasheet(request.user, offer):
        not_found()
    return pdf_download(offer.datasheet, name=offer.title, fallback="datasheet")


@login_required
@require_GET
def logo(request: HttpRequest, pk: int) -> FileResponse:
    organisation = public_profile_get(request.user, pk)
    if not organisation.logo:
        not_found()
    response = FileResponse(organisation.logo.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    # Read before the form checks its values against the areas, so that the filters kept under it are never
    # older than it.
    filters_stamp = areas_version()
    form = _catalogue_form(request, request.GET)
    filters = form.filters()
    known = known_parameters(request.GET, form.fields)
    number = page_number(request.GET.get("page"))
    results = shared_part(
        "offer-catalogue",
        catalogue_readers(request.user),
        (filters, number),
        lambda: _catalogue_results(request.user, form, filters, known, number),
        keep=lambda: not filters.by_meaning or meaning_ready(Offer),
    )
    asked = request.GET.copy()
    asked.pop("page", None)
    query_string = asked.urlencode()
    context = {
        "form": form,
        "results": results,
        "query_string": query_string,
        # The page offers to keep a search only when it has one.
        "save_form": SavedSearchForm(initial={"query": query_string}) if query_string else None,
        # The filters' choices are the areas as this process holds them (and the language, kept apart).
        "filters_stamp": filters_stamp,
        # What the filters' fields show (not the search box or the order, which are outside them).
        "filters_asked": known_parameters(request.GET, set(form.fields) - {"q", "sort"}).urlencode(),
    }
    return render(request, "offers/catalogue.html", context)


def _catalogue_results(user, form: CatalogueFilterForm, filters, known: QueryDict, number: int) -> str:
    """The count, the sorting, one page of offers and the pages' links."""
    # The cards show neither the description nor (without a search) the search terms. Browsing, a count
    # then the page by the catalogue's index costs a fraction of counting with the rows, which must read
    # and sort every offer first (5,000 offers: 11 ms against 34 ms); a search ranks every row it finds
    # anyway, and its total comes with its page (CountedPaginator).
    if filters.query:
        offers = offer_catalogue(user, filters).defer("description")
        page = CountedPaginator(offers, PAGE_SIZE).get_page(number)
        tell_why_matched(filters.query, page.object_list)
    else:
        offers = offer_catalogue(user, filters).defer("description", "search_vector")
        page = Paginator(offers, PAGE_SIZE).get_page(number)
    context = {
        "form": form,
        "sort": filters.sort,
        "page": page,
        "query_string": known.urlencode(),
        "kept": [(name, value) for name, value in known.items() if name != "sort"],
        "show_state": is_staff(user),
    }
    return render_to_string("offers/_catalogue_results.html", context)


def _catalogue_form(request: HttpRequest, data) -> CatalogueFilterForm:
    if is_staff(request.user):
        return StaffCatalogueFilterForm(data, organisations=startups_for_catalogue_filter(request.user))
    return CatalogueFilterForm(data)


@login_required
@require_http_methods(["GET", "POST"])
def saved_searches(request: HttpRequest) -> HttpResponse:
    """GET: the officer's saved searches. POST: keeps the catalogue search it was sent from."""
    searches = saved_searches_of(request.user)
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["query"]
        filters = _catalogue_form(request, QueryDict(query)).filters()
        try:
            saved_search_create(user=request.user, name=form.cleaned_data["name"], filters=filters, query_string=query)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Search saved. You will be told of new offers that answer it."))
            return redirect("offers:saved_searches")
    return render(request, "offers/saved_searches.html", {"searches": searches, "form": form})


@login_required
@require_POST
def saved_search_remove(request: HttpRequest, pk: int) -> HttpResponse:
    saved_search_delete(search=saved_search_get(request.user, pk), by=request.user)
    messages.success(request, _("Search deleted."))
    return redirect("offers:saved_searches")


@login_required
@require_http_methods(["GET", "POST"])
def company_profile(request: HttpRequest) -> HttpResponse:
    organisation = own_startup(request.user)
    pending_change = pending_identity_change_of(organisation)
    if not may_edit_profile(request.user, organisation):
        if request.method == "POST":
            refuse_offer_change()
        return render(request, "offers/company.html", {"organisation": organisation, "pending_change": pending_change})
    initial = {name: getattr(organisation, name) for name in CompanyProfileForm.base_fields if name != "logo"}
    # The form shows what the pending change asks, so that saving other fields keeps asking it.
    initial.update(pending_change.proposed() if pending_change else {})
    form = CompanyProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_update_profile(
                organisation=organisation, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            pending_change = pending_identity_change_of(organisation)
            if pending_change is None:
                messages.success(request, _("The company profile is saved."))
            else:
                fields = ", ".join(str(label) for label in pending_change.field_labels())
                messages.success(
                    request,
                    _("The company profile is saved. Your change of %(fields)s awaits the office's approval.")
                    % {"fields": fields},
                )
            return redirect("offers:company_profile")
    context = {"organisation": organisation, "form": form, "pending_change": pending_change}
    return render(request, "offers/company.html", context)
