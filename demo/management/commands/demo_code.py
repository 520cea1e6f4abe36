"""Prints the current TOTP code of the demo authenticators, for trying the second factor by hand."""

import base64
import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current six-digit code for the demo TOTP secret."

    def handle(self, *args, **options) -> None:
        remaining = 30 - int(time.time()) % 30
        code = TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token()
        self.stdout.write(f"{code:06d}  (valid for {remaining} more seconds)")
