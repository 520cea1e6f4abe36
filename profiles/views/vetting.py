"""Vetting under the four-eyes rule and the evidence behind it: the page's context, a second staff member's
answer to a proposed decision, and the download of registration documents."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_office.forms import add_service_errors
from innovation_office.refusals import forbidden
from innovation_office.transitions import IllegalTransition

from ..decorators import staff_required
from ..forms import ProposalReviewForm, RegistrationDocumentsForm, VettingForm
from ..models import Organisation
from ..permissions import may_add_registration_documents, may_confirm_vetting
from ..selectors import (
    draft_offers_of,
    latest_declaration_of,
    members_of,
    own_startup,
    registration_document_get,
    registration_documents_of,
    vetting_events_of,
    vetting_proposal_get,
    vetting_proposals_of,
)
from ..services import registration_documents_add, vetting_proposal_confirm, vetting_proposal_decline
from ..states import VETTING_STATES, needs_a_second_staff_member
from ..uploads import pdf_download

REVIEW_PREFIX = "review"
# The page lists an organisation's most recent offers; the staff catalogue, filtered by it, has them all.
OFFERS_LISTED = 20


def vetting_needs_a_second_staff_member(organisation: Organisation, to_state: str) -> bool:
    """Whether recording this decision only proposes it (the service refuses moves the state forbids)."""
    try:
        return needs_a_second_staff_member(VETTING_STATES.move_to(organisation.vetting_state, to_state))
    except IllegalTransition:
        return False


def vetting_page_context(
    request: HttpRequest, organisation: Organisation, form: VettingForm, review_form: ProposalReviewForm | None = None
) -> dict:
    proposal, closed_proposals = vetting_proposals_of(organisation)
    offers = list(draft_offers_of(organisation)[: OFFERS_LISTED + 1])
    if proposal is not None:
        # While a decision awaits its second pair of eyes, only the moves that apply at once stay on offer.
        moves = [
            move
            for move in VETTING_STATES.moves_for(request.user, organisation)
            if not needs_a_second_staff_member(move)
        ]
        form = form if form.is_bound else VettingForm(organisation=organisation, user=request.user, moves=moves)
    return {
        "organisation": organisation,
        "form": form,
        "proposal": proposal,
        "may_review": proposal is not None and may_confirm_vetting(request.user, proposal),
        "review_form": review_form or ProposalReviewForm(prefix=REVIEW_PREFIX),
        "memberships": members_of(organisation),
        "events": vetting_events_of(organisation),
        "closed_proposals": closed_proposals,
        "documents": registration_documents_of(organisation),
        "declaration": latest_declaration_of(organisation),
        "offers": offers[:OFFERS_LISTED],
        "more_offers": len(offers) > OFFERS_LISTED,
    }


@staff_required
@require_POST
def review_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """A second staff member confirms or declines a proposed decision; the proposer is refused (403)."""
    proposal = vetting_proposal_get(request.user, pk)
    organisation = proposal.organisation
    review_form = ProposalReviewForm(request.POST, prefix=REVIEW_PREFIX)
    if review_form.is_valid():
        decision, note = review_form.cleaned_data["decision"], review_form.cleaned_data["note"]
        service = vetting_proposal_confirm if decision == "confirm" else vetting_proposal_decline
        try:
            service(proposal=proposal, note=note, by=request.user)
        except IllegalTransition as error:
            messages.error(request, " ".join(error.messages))
            return redirect("profiles_staff:organisation_detail", pk=organisation.pk)
        except ValidationError as error:
            add_service_errors(review_form, error)
        else:
            done = _("Decision confirmed: it has taken effect.") if decision == "confirm" else _("Proposal declined.")
            messages.success(request, done)
            return redirect("profiles_staff:organisation_detail", pk=organisation.pk)
    form = VettingForm(organisation=organisation, user=request.user)
    context = vetting_page_context(request, organisation, form, review_form)
    return render(request, "profiles/staff/organisation_detail.html", context, status=400)


@login_required
@require_GET
def registration_document(request: HttpRequest, pk: int) -> FileResponse:
    """A registration document, to staff and to the organisation's own members only (404 for anyone else),
    always as a download that the browser never renders or sniffs."""
    document = registration_document_get(request.user, pk)
    return pdf_download(document.file, name=PurePath(document.original_name).stem, fallback="registration-document")


@login_required
@require_http_methods(["GET", "POST"])
def registration_documents(request: HttpRequest) -> HttpResponse:
    """A startup's own registration documents; while it awaits vetting, its administrators add more."""
    organisation = own_startup(request.user)
    may_add = may_add_registration_documents(request.user, organisation)
    form = RegistrationDocumentsForm(request.POST or None, request.FILES or None) if may_add else None
    if request.method == "POST":
        if form is None:
            forbidden(_("Only the company's administrators add its registration documents, while it awaits vetting."))
        if form.is_valid():
            try:
                registration_documents_add(
                    organisation=organisation, uploads=form.cleaned_data["documents"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Documents added: the office will see them when it vets your company."))
                return redirect("profiles:registration_documents")
        form.ask_for_files_again()
    context = {"organisation": organisation, "documents": registration_documents_of(organisation), "form": form}
    return render(request, "profiles/registration_documents.html", context)
