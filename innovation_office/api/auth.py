"""Who is calling: personal API tokens and the site's session; how often they may call."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from profiles.services import api_token_authenticate


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <personal API token>`.

    Officers and staff must pass a second factor in the browser, but a token request is not challenged
    again: a token is a separate credential that only a session which already passed the second factor
    can create (the /account/tokens/ page sits behind SecondFactorMiddleware; the create_api_token command
    needs shell access to the server). It is shown once, stored as a hash, revocable and may expire."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _space, raw = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        raw = raw.strip()
        if not raw or " " in raw:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        token = api_token_authenticate(raw_token=raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, has expired or was revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token from /account/tokens/."}


# Throttling ----------------------------------------------------------------------------------------


class _RatesFromSettings:
    """Reads the rate at each request, so REST_FRAMEWORK overrides (tests, the benchmark) take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class PerUserThrottle(_RatesFromSettings, UserRateThrottle):
    """Per signed-in user, whether by token or session (counters live in the cache: Redis in services mode)."""


class PerAddressThrottle(_RatesFromSettings, AnonRateThrottle):
    """Per client address, for requests without credentials."""
