"""The unread count behind the bell in the header, read with the signed-in user (profiles.backends)."""

from functools import cache

from django.http import HttpRequest

from .selectors import unread_count_on_page


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": cache(lambda: unread_count_on_page(user))}
