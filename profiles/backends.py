"""Who is asking, in one query: the signed-in user with their organisation, the authenticator their session
may have been verified with, and what later apps need on every page (the unread count behind the bell).

Every page reads the user's organisation (standing, role, navigation) and, for staff and officers, their
second factor; read one at a time they cost a query each on every request. The apps after profiles (which
profiles may not import) add what they need to the same query with `signed_in_annotation_register`."""

from collections.abc import Callable

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User

_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}
# The query with its annotations, built once (building it was a tenth of a signed-in page); each caller
# gets a copy of it, so that the one kept is never evaluated.
_built: QuerySet[User] | None = None


def signed_in_annotation_register(name: str, expression: Callable[[], Expression]) -> None:
    """Adds `name` to every signed-in user, computed in the query that loads them (`expression()` is
    built against the user row: `OuterRef("pk")` is the user)."""
    global _built
    _ANNOTATIONS[name] = expression
    _built = None


def signed_in_users() -> QuerySet[User]:
    global _built
    built = _built
    if built is None:
        built = _built = _signed_in_users()
    return built.all()


def _signed_in_users() -> QuerySet[User]:
    first_membership = Membership.objects.filter(user=OuterRef("pk")).order_by("created_at", "pk").values("pk")[:1]
    first_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk").values("pk")[:1]
    return User.objects.annotate(
        first_membership=FilteredRelation("memberships", condition=Q(memberships__pk=Subquery(first_membership))),
        first_confirmed_device=FilteredRelation("totpdevice", condition=Q(totpdevice__pk=Subquery(first_device))),
        **{name: expression() for name, expression in _ANNOTATIONS.items()},
    ).select_related("first_membership__organisation", "first_confirmed_device")


def signed_in_user(pk) -> User | None:
    user = signed_in_users().filter(pk=pk).first()
    if user is None:
        return None
    # What User.primary_membership would ask the database for, already read.
    user.primary_membership = getattr(user, "first_membership", None)
    user.first_confirmed_device = getattr(user, "first_confirmed_device", None)
    return user


class AccountBackend(ModelBackend):
    """Django's own password backend; only the user of a session is loaded with what every page reads."""

    def get_user(self, user_id):
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)
