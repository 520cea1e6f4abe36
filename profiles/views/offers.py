"""Offers: a startup's own list, creating and editing, state changes, the catalogue, and the files behind them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taxonomy.selectors import area_options, area_tree

from ..forms import add_service_errors
from ..forms_offers import CatalogueFilterForm, OfferForm
from ..models import Offer, OfferState
from ..selectors_offers import (
    may_edit_offer,
    offer_catalogue,
    offer_get,
    offer_get_for_edit,
    own_offers,
    own_startup,
    public_profile_get,
    startups_for_catalogue_filter,
)
from ..services_offers import offer_archive, offer_create, offer_publish, offer_restore, offer_unpublish, offer_update

PAGE_SIZE = 20
MOVES = {"publish": offer_publish, "unpublish": offer_unpublish, "archive": offer_archive, "restore": offer_restore}
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
    page = Paginator(own_offers(request.user, state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": OfferState.choices,
        "organisation": request.user.organisation,
        "query_string": f"state={state}" if state else "",
    }
    return render(request, "profiles/offers/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    organisation = own_startup(request.user)
    form = OfferForm(
        request.POST or None, request.FILES or None, initial={"language": "en", "export_control": "not_controlled"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = offer_create(organisation=organisation, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer is saved as a draft."))
            return redirect("profiles:offer_detail", pk=offer.pk)
    return render(request, "profiles/offers/form.html", _form_context(form, organisation=organisation))


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
            return redirect("profiles:offer_detail", pk=offer.pk)
    return render(
        request, "profiles/offers/form.html", _form_context(form, offer=offer, organisation=offer.organisation)
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_get(request.user, pk)
    context = {"offer": offer, "organisation": offer.organisation, "may_edit": may_edit_offer(request.user, offer)}
    return render(request, "profiles/offers/detail.html", context)


@login_required
@require_POST
def move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    offer = offer_get_for_edit(request.user, pk)
    try:
        MOVES[move](offer=offer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MOVE_DONE[move])
    return redirect("profiles:offer_detail", pk=offer.pk)


@login_required
@require_GET
def datasheet(request: HttpRequest, pk: int) -> FileResponse:
    offer = offer_get(request.user, pk)
    if not offer.datasheet:
        raise Http404
    filename = f"{slugify(offer.title, allow_unicode=True) or 'datasheet'}.pdf"
    response = FileResponse(
        offer.datasheet.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def logo(request: HttpRequest, pk: int) -> FileResponse:
    organisation = public_profile_get(request.user, pk)
    if not organisation.logo:
        raise Http404
    response = FileResponse(organisation.logo.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    organisations = startups_for_catalogue_filter(request.user) if request.user.is_office_staff else None
    area_choices = [(node.area.pk, "— " * node.depth + node.area.name) for node in area_tree()]
    form = CatalogueFilterForm(request.GET, area_choices=area_choices, organisations=organisations)
    offers = offer_catalogue(request.user, form.filters())
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "query_string": query_string.urlencode()}
    return render(request, "profiles/offers/catalogue.html", context)
