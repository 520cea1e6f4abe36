"""Every read of notifications, already scoped to the user asking."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from profiles.models import User

from .models import EmailFrequency, Notification, NotificationPreference
from .subjects import shown


def notifications_of(user: User, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody, staff included, reads another's.
    `unread` keeps only the unread (True) or only the read (False) ones."""
    notifications = Notification.objects.filter(recipient=user)
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications.order_by("-created_at", "-pk")


def notification_get(user: User, pk: int) -> Notification:
    return get_object_or_404(notifications_of(user), pk=pk)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# The same count, read with the signed-in user (profiles.backends) rather than by a query of its own.
UNREAD_COUNT_ANNOTATION = "unread_notification_count"


def unread_count_of_user_row() -> Coalesce:
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def unread_count_on_page(user: User) -> int:
    """The count read with the signed-in user, else asked now."""
    count = getattr(user, UNREAD_COUNT_ANNOTATION, None)
    return unread_count(user) if count is None else count


def email_frequency_of(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).values_list("email_frequency", flat=True).first()
    return preference or EmailFrequency.IMMEDIATELY


def notifications_export(user: User) -> list[dict]:
    """The user's notifications for their data download, each shown as they may read it now (see subjects)."""
    rows = shown(user, notifications_of(user))
    return [
        {
            "kind": row.kind,
            "text": str(row.text),
            "link": row.link,
            "created_at": row.created_at,
            "read_at": row.read_at,
            "emailed_at": row.emailed_at,
        }
        for row in rows
    ]


def notification_preferences_export(user: User) -> dict:
    return {"email_frequency": email_frequency_of(user)}
