"""An organisation's administrator manages its members and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovation_office.forms import add_service_errors

from ..forms import InvitationForm
from ..permissions import may_manage_people_of
from ..selectors import (
    managed_invitation_get,
    managed_membership_get,
    managed_organisation,
    members_of,
    open_invitations_of,
)
from ..services import invitation_create, invitation_revoke, membership_remove


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    organisation = managed_organisation(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("profiles:members")
    context = {
        "organisation": organisation,
        "memberships": members_of(organisation),
        "invitations": open_invitations_of(organisation),
        "form": form,
        "may_manage_people": may_manage_people_of(request.user, organisation),
    }
    return render(request, "profiles/members.html", context)


@login_required
@require_POST
def remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    membership = managed_membership_get(request.user, pk)
    try:
        membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user.full_name})
    return redirect("profiles:members")


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = managed_invitation_get(request.user, pk)
    invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("profiles:members")
