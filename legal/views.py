"""The pages an official service publishes: privacy notice, terms of use, legal notice, accessibility
statement and contact. Their prose lives in one template per language; the view picks the active one."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from profiles.middleware import second_factor_exempt

PROSE_LANGUAGES = ("en", "uk")


@dataclass(frozen=True)
class LegalPage:
    slug: str
    title: Promise
    updated: date


PAGES = {
    page.slug: page
    for page in (
        LegalPage("privacy", _("Privacy notice"), date(2026, 12, 6)),
        LegalPage("terms", _("Terms of use"), date(2026, 12, 6)),
        LegalPage("notice", _("Legal notice"), date(2026, 12, 6)),
        LegalPage("accessibility", _("Accessibility statement"), date(2026, 12, 6)),
        LegalPage("contact", _("Contact"), date(2026, 12, 6)),
    )
}


def prose_language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in PROSE_LANGUAGES else PROSE_LANGUAGES[0]


# Readable before the second factor too: a person asked to enrol an authenticator may first want to know
# what the platform keeps about them.
@second_factor_exempt
@require_GET
def legal_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = PAGES[slug]
    context = {
        "page": page,
        "prose_template": f"legal/{prose_language()}/{slug}.html",
        "contact_email": settings.OFFICE_CONTACT_EMAIL,
    }
    return render(request, "legal/page.html", context)
