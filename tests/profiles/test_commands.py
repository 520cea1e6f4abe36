"""create_api_token."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from profiles.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_a_token_stored_only_as_a_hash(startup_a_admin):
    # given
    out = StringIO()

    # when
    call_command("create_api_token", startup_a_admin.email, stdout=out)

    # then
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=startup_a_admin)
    assert raw.startswith("dio_") and len(raw) > 40
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash


def test_create_api_token_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "ghost@example.org", stdout=StringIO())
