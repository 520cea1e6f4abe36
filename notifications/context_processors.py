"""The unread count behind the bell in the header: one query, and only on pages that show it."""

from functools import cache

from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": cache(lambda: unread_count(user))}
