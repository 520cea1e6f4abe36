"""Template context every page needs: who the user is and which sections they may open."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_organisation": None}
    organisation = user.organisation
    return {
        "current_organisation": organisation,
        "is_office_staff": user.is_office_staff,
        "is_officer": user.is_officer,
        "is_startup_member": user.is_startup_member,
        "is_organisation_admin": user.is_organisation_admin,
    }
