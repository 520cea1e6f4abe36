"""The web benchmark's catalogue: vetted startups' published offers and Ukrainian organisations' open
requests, bulk-created from the demo texts (varied), with the people who log in to read them.

Needs Django set up on the database to fill; web_scoring.py then scores the catalogue.
"""

from __future__ import annotations

import base64
import json
import random
import re
from datetime import timedelta
from pathlib import Path

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo" / "data"
PASSWORD = "bench-web-password-7Qx"
TOTP_SECRET = "JBSWY3DPEHPK3PXPBENCHWEB"
STAFF_EMAIL = "bench.staff@example.org"
OFFICER_EMAIL = "bench.officer.0.0@example.org"
STARTUP_EMAIL = "bench.startup.0@example.org"
RESTRICTED_SHARE = 0.15
UNITS = (
    ("ua_unit", "Військова частина А{n:04d}"),
    ("ua_unit", "Окрема бригада територіальної оборони {n}"),
    ("ua_agency", "Державне оборонне агентство {n}"),
    ("ua_company", "Оборонне підприємство «Дніпро-{n}»"),
)
OFFICERS_PER_UNIT = 3
STARTUP_SUFFIXES = ("GmbH", "SAS", "Oy", "AB", "sp. z o.o.", "B.V.", "s.r.o.", "SIA", "UAB", "ApS")
STARTUP_COUNTRIES = ("DE", "FR", "FI", "SE", "PL", "NL", "CZ", "LV", "LT", "DK")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
NUMBER = re.compile(r"\d{2,}")


def _load(name: str) -> list[dict]:
    return json.loads((DEMO_DATA / name).read_text(encoding="utf-8"))


def _vary_number(match: re.Match, rng: random.Random) -> str:
    value = int(match.group())
    return str(max(10, round(value * rng.uniform(0.8, 1.25))))


def _vary_text(text: str, other: str, rng: random.Random) -> str:
    """The template's first sentence, most of the rest shuffled, one sentence of another text; numbers moved."""
    sentences = SENTENCE_END.split(text.strip())
    head, rest = sentences[0], sentences[1:]
    rng.shuffle(rest)
    kept = rest[: max(1, round(len(rest) * rng.uniform(0.7, 1.0)))] if rest else []
    borrowed = rng.choice(SENTENCE_END.split(other.strip()))
    body = " ".join([head, *kept, borrowed])
    return NUMBER.sub(lambda found: _vary_number(found, rng), body)


def _band(low: int | None, high: int | None, rng: random.Random) -> tuple[int | None, int | None]:
    factor = rng.uniform(0.7, 1.4)
    low = None if low is None else max(1, round(low * factor))
    high = None if high is None else max(low or 1, round(high * factor))
    return low, high


def _people(now, hashed: str, startup_count: int):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from notifications.models import NotificationPreference
    from profiles.models import Membership, MembershipRole, Organisation, User
    from profiles.registration_numbers import normalise

    office = Organisation.objects.filter(kind="office").first() or Organisation.objects.create(
        kind="office", legal_name="EU Defence Innovation Office", country="UA", vetting_state="vetted", vetted_at=now
    )
    models = [record for record in _load("organisations.json") if record["kind"] == "startup"]
    startups = []
    for number in range(startup_count):
        model = models[number % len(models)]
        country = STARTUP_COUNTRIES[number % len(STARTUP_COUNTRIES)]
        registration = f"BW {100000 + number}"
        startups.append(
            Organisation(
                kind="startup",
                legal_name=f"{model['legal_name'].rsplit(' ', 1)[0]} {number} {STARTUP_SUFFIXES[number % 10]}",
                country=country,
                registration_number=registration,
                registration_key=normalise(country, registration),
                description=model["description"],
                vetting_state="vetted",
                vetted_at=now,
            )
        )
    startups = Organisation.objects.bulk_create(startups)
    units = Organisation.objects.bulk_create(
        [
            Organisation(
                kind=kind, legal_name=name.format(n=number + 1), country="UA", vetting_state="vetted", vetted_at=now
            )
            for number, (kind, name) in enumerate(UNITS)
        ]
    )

    def person(email: str, full_name: str, language: str, **extra) -> User:
        return User(
            email=email,
            full_name=full_name,
            preferred_language=language,
            password=hashed,
            email_confirmed_at=now,
            terms_accepted_at=now,
            **extra,
        )

    staff = [
        person(STAFF_EMAIL, "Olena Staff", "en", is_staff=True),
        person("bench.staff.b@example.org", "Bohdan Staff", "en", is_staff=True),
    ]
    founders = [person(f"bench.startup.{n}@example.org", f"Founder {n}", "en") for n in range(len(startups))]
    officers = [
        person(f"bench.officer.{u}.{n}@example.org", f"Офіцер {u}.{n}", "uk")
        for u in range(len(units))
        for n in range(OFFICERS_PER_UNIT)
    ]
    User.objects.bulk_create([*staff, *founders, *officers])
    by_email = {user.email: user for user in User.objects.all()}
    memberships = [
        Membership(user=by_email[user.email], organisation=office, role=MembershipRole.MEMBER) for user in staff
    ]
    memberships += [
        Membership(user=by_email[user.email], organisation=startup, role=MembershipRole.ADMIN)
        for user, startup in zip(founders, startups, strict=True)
    ]
    memberships += [
        Membership(
            user=by_email[user.email],
            organisation=units[index // OFFICERS_PER_UNIT],
            role=MembershipRole.MEMBER if index % OFFICERS_PER_UNIT else MembershipRole.ADMIN,
        )
        for index, user in enumerate(officers)
    ]
    Membership.objects.bulk_create(memberships)
    # Staff hear of every strong candidate: with thousands of them they take the daily digest.
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=by_email[user.email], email_frequency="daily") for user in staff]
    )
    key = base64.b32decode(TOTP_SECRET).hex()
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=by_email[user.email], name="Authenticator", key=key, confirmed=True)
            for user in [*staff, *officers]
        ]
    )
    authors = {
        unit.pk: [by_email[user.email] for user in officers[i * OFFICERS_PER_UNIT : (i + 1) * OFFICERS_PER_UNIT]]
        for i, unit in enumerate(units)
    }
    return startups, units, authors


def _offers(now, startups, count: int, rng: random.Random) -> None:
    from offers.models import Offer
    from taxonomy.models import CapabilityArea

    templates = [record for record in _load("offers.json") if record["state"] == "published"]
    areas = dict(CapabilityArea.objects.values_list("slug", "pk"))
    rows, row_areas = [], []
    for number in range(count):
        template = templates[number % len(templates)]
        same_language = [record for record in templates if record["language"] == template["language"]]
        other = rng.choice(same_language)
        startup = startups[number % len(startups)]
        published = now - timedelta(minutes=rng.randrange(90 * 24 * 60))
        price_min, price_max = _band(template["price_min_eur"], template["price_max_eur"], rng)
        rows.append(
            Offer(
                organisation=startup,
                title=f"{template['title']} — {startup.legal_name.split()[0][:3].upper()}-{100 + number}"[:200],
                summary=template["summary"],
                description=_vary_text(template["description"], other["description"], rng),
                language=template["language"],
                trl=min(9, max(1, template["trl"] + rng.choice((-1, 0, 0, 1)))),
                field_tested_ua=template["field_tested_ua"],
                field_tested_note=template["field_tested_note"],
                lead_time_days=max(1, round(template["lead_time_days"] * rng.uniform(0.6, 1.6))),
                monthly_capacity=max(1, round(template["monthly_capacity"] * rng.uniform(0.5, 2.0))),
                price_min_eur=price_min,
                price_max_eur=price_max,
                export_control=template["export_control"],
                ml_category=template["ml_category"],
                licence_held=template["licence_held"],
                state="published",
                published_at=published,
                created_at=published,
                updated_at=published,
            )
        )
        row_areas.append([areas[slug] for slug in template["areas"] if slug in areas])
    created = Offer.objects.bulk_create(rows, batch_size=1000)
    Offer.areas.through.objects.bulk_create(
        [
            Offer.areas.through(offer_id=offer.pk, capabilityarea_id=area)
            for offer, offer_areas in zip(created, row_areas, strict=True)
            for area in offer_areas
        ],
        batch_size=5000,
    )


def _requests(now, units, authors, count: int, rng: random.Random) -> None:
    from needs.models import CapabilityRequest
    from taxonomy.models import CapabilityArea

    templates = _load("requests.json")
    areas = dict(CapabilityArea.objects.values_list("slug", "pk"))
    rows, row_areas = [], []
    for number in range(count):
        template = templates[number % len(templates)]
        other = rng.choice([record for record in templates if record["language"] == template["language"]])
        unit = units[number % len(units)]
        opened = now - timedelta(minutes=rng.randrange(60 * 24 * 60))
        budget_min, budget_max = _band(template["budget_min_eur"], template["budget_max_eur"], rng)
        rows.append(
            CapabilityRequest(
                organisation=unit,
                created_by=rng.choice(authors[unit.pk]),
                title=NUMBER.sub(lambda found: _vary_number(found, rng), template["title"])[:200],
                description=_vary_text(template["description"], other["description"], rng),
                language=template["language"],
                summary_en=template["summary_en"],
                conditions=template["conditions"],
                conditions_note=template["conditions_note"],
                min_trl=template["min_trl"],
                quantity=max(1, round(template["quantity"] * rng.uniform(0.5, 2.0))),
                unit=template["unit"],
                needed_by=(now + timedelta(days=max(7, template["needed_in_days"] + rng.randrange(-20, 60)))).date(),
                budget_min_eur=budget_min,
                budget_max_eur=budget_max,
                urgency=template["urgency"],
                visibility="restricted" if rng.random() < RESTRICTED_SHARE else "vetted",
                state="open",
                opened_at=opened,
                created_at=opened,
                updated_at=opened,
            )
        )
        row_areas.append([areas[slug] for slug in template["areas"] if slug in areas])
    created = CapabilityRequest.objects.bulk_create(rows, batch_size=1000)
    through = CapabilityRequest.areas.through
    through.objects.bulk_create(
        [
            through(capabilityrequest_id=request.pk, capabilityarea_id=area)
            for request, request_areas in zip(created, row_areas, strict=True)
            for area in request_areas
        ],
        batch_size=5000,
    )


def build(*, offers: int, requests: int, startups: int, seed: int = 7) -> None:
    """Writes the organisations, people (one shared password; staff and officers with an authenticator),
    offers and requests, in one transaction."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        startup_rows, units, authors = _people(now, make_password(PASSWORD), startups)
        _offers(now, startup_rows, offers, rng)
        _requests(now, units, authors, requests, rng)
    # Rows written in bulk skip save(), which keeps the search terms: read them as the platform does.
    from django.core.management import call_command

    call_command("reindex_search", verbosity=0)
