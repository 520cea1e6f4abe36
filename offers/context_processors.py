"""What every page needs to know of offers: whether the user may open the catalogue."""

from django.http import HttpRequest

from .permissions import may_browse_catalogue


def offers_navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"may_browse_catalogue": user is not None and may_browse_catalogue(user)}
