"""Who is asking, in one query: the signed-in user with their organisation, the authenticator their session
may have been verified with, and what later apps need on every page (the unread count behind the bell).

Every page reads the user's organisation (standing, role, navigation) and, for staff and officers, their
second factor; read one at a time they cost a query each on every request. The apps after profiles (which
profiles may not import) add what they need to the same query with `signed_in_annotation_register`."""

import copy
from collections.abc import Callable

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.db import connections
from django.db.models import Expression, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User

_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}
# The query with its annotations, built once (building it was a tenth of a signed-in page); each caller
# gets a copy of it, so that the one kept is never evaluated.
_built: QuerySet[User] | None = None
# The query of one user, compiled once per database (compiling its joins, subqueries and columns cost twice
# what running it did): the compiler that compiled it, its SQL, its parameters and where the pk is among them.
_compiled: dict[str, tuple[SQLCompiler, str, tuple, int]] = {}
# The pk the kept statement is compiled with, found again among its parameters; no user has it.
_MARKER_PK = -7_340_261


def signed_in_annotation_register(name: str, expression: Callable[[], Expression]) -> None:
    """Adds `name` to every signed-in user, computed in the query that loads them (`expression()` is
    built against the user row: `OuterRef("pk")` is the user). The query is compiled once per process, so
    the expression's values are fixed then: compare with the database's clock (`Now()`), never with a
    value of the moment such as `timezone.now()`."""
    _ANNOTATIONS[name] = expression
    signed_in_query_forget()


def signed_in_query_forget() -> None:
    """The next reading builds and compiles the query again (after its annotations changed)."""
    global _built
    _built = None
    _compiled.clear()


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


def _compile(using: str) -> tuple[SQLCompiler, str, tuple, int]:
    compiler = signed_in_users().filter(pk=_MARKER_PK)[:1].query.get_compiler(using)
    sql, params = compiler.as_sql()
    (position,) = [index for index, value in enumerate(params) if value == _MARKER_PK]
    # Each copy takes the connection of the thread that runs it: the kept one holds none, so that a thread's
    # connection does not live as long as the process.
    compiler.connection = None
    return compiler, sql, tuple(params), position


class _OneUserQuery(Query):
    """The query of one user, whose compiler runs the kept statement with the user's pk: a shallow copy of
    the compiler that compiled it, so that the columns it chose (and how a row becomes a user with their
    organisation) are its own."""

    def __init__(self, pk) -> None:
        super().__init__(User)
        self.user_pk = pk

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        connection = connection or connections[using]
        kept = _compiled.get(connection.alias)
        if kept is None:
            kept = _compiled[connection.alias] = _compile(connection.alias)
        compiled, sql, params, position = kept
        statement = (sql, (*params[:position], self.user_pk, *params[position + 1 :]))
        compiler = copy.copy(compiled)
        compiler.as_sql = lambda with_limits=True, with_col_aliases=False: statement
        compiler.connection = connection
        return compiler


def signed_in_user(pk) -> User | None:
    pk = User._meta.pk.to_python(pk)
    user = next(iter(QuerySet(model=User, query=_OneUserQuery(pk))), None)
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
