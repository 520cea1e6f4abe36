"""Role predicates shared by selectors, services and the second-factor rule."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def requires_second_factor(user: User) -> bool:
    """Staff and Ukrainian officers always; anyone else once they have enrolled an authenticator."""
    if user.is_superuser or user.is_office_staff or user.is_officer:
        return True
    return has_confirmed_device(user)


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
