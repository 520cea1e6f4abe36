"""Creates (or refreshes) the demo data; safe to run any number of times."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.accounts import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    SECOND_FACTOR_ACCOUNTS,
    seed_organisations_and_people,
)
from demo.matches import seed_matches
from demo.needs import seed_requests
from demo.offers import seed_offers


class Command(BaseCommand):
    help = "Load realistic demo organisations, people and content (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            organisations = seed_organisations_and_people()
            offers = seed_offers(organisations)
            requests = seed_requests(organisations)
            matches = seed_matches()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(organisations)} organisations, {offers} offers, "
                f"{requests} capability requests, "
                f"{matches} matches."
            )
        )
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for email, (_, name, _language) in DEMO_ACCOUNTS.items():
            second = f"  TOTP secret {DEMO_TOTP_SECRET}" if email in SECOND_FACTOR_ACCOUNTS else ""
            self.stdout.write(f"  {email:<24} {name}{second}")
        self.stdout.write("The current six-digit code of that secret: .venv/bin/python manage.py demo_code")
