"""Personal API tokens: made, revoked, and checked on each call."""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden

from ..models import (
    ApiToken,
    User,
    hash_token,
)

API_TOKEN_PREFIX = "dio_"


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issues a personal API token; the raw value is returned once and never stored."""
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[: len(API_TOKEN_PREFIX) + 6], token_hash=hash_token(raw), expires_at=expires_at
    )
    audit_record("api_token.created", actor=user, obj=token, detail={"prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.user_id != by.pk:
        forbidden(_("You can only revoke your own tokens."))
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        audit_record("api_token.revoked", actor=by, obj=token, detail={"prefix": token.prefix})


def api_tokens_revoke_all(*, user: User) -> int:
    """Revokes every live token of a user whose password changed; returns how many."""
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    ApiToken.objects.filter(pk__in=[token.pk for token in live]).update(revoked_at=timezone.now())
    for token in live:
        audit_record("api_token.revoked", actor=user, obj=token, detail={"prefix": token.prefix, "why": "new password"})
    return len(live)


# A token's last use is written at most this often: an integration polling every second costs no write each time.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def api_token_authenticate(*, raw_token: str) -> ApiToken | None:
    """The live token behind a raw value (looked up by its hash), with its user; None when it is unknown,
    revoked, expired or its user inactive. Records the use, at most once a minute."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw_token), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or token.last_used_at <= now - API_TOKEN_TOUCH_INTERVAL:
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - API_TOKEN_TOUCH_INTERVAL)
        touched = ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
        if touched and token.last_used_at is None:
            audit_record("api_token.first_used", actor=token.user, obj=token, detail={"prefix": token.prefix})
        token.last_used_at = now
    return token
