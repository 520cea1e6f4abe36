"""The three ways the platform says no, one helper each (pages and API answer them the same way):

- `not_found()`: the object is outside the user's view, so its existence is not confirmed (404); a read by key
  says it with Django's `get_object_or_404` over the user's selector, which asks the database for no order;
- `IllegalTransition` (in `transitions.py`): the user may see the object but its state forbids the move (409);
- `forbidden(message)`: the user may see the object but may not change it (403)."""

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404


def not_found() -> NoReturn:
    raise Http404


def forbidden(message: str) -> NoReturn:
    raise PermissionDenied(message)
