"""Access decorators for views: anonymous users go to the login page, others who may not see get a 404."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from innovation_office.refusals import not_found

from .permissions import is_staff


def staff_required(view):
    """Office staff only; to anyone else the page does not exist."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_staff(request.user):
            not_found()
        return view(request, *args, **kwargs)

    return wrapped
