"""Prints a new personal API token for a user; only its hash is stored."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from profiles.models import User
from profiles.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for EMAIL and print it (shown once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="Command-line token", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days.")

    def handle(self, *args, email: str, name: str, days: int | None, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail {email}.")
        if days is not None and days <= 0:
            raise CommandError("--days must be a positive number.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            _, raw = api_token_create(user=user, name=name, expires_at=expires_at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(raw)
