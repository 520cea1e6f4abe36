"""The error every service raises when an object's state does not allow a move (the API answers 409)."""

from django.core.exceptions import ValidationError


class IllegalTransition(ValidationError):
    """The object is not in a state that allows the action; it is a ValidationError, so pages show its message."""
