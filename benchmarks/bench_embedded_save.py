"""How long a person waits after saving an offer and a request in the embedded mode (`make run`).

Builds a SQLite database of its own in a temporary folder with the demo data, as `make run` does, then, with
Django's test client in one process like the development server, has the demo startup save its first
published offer and the demo officer their first open request, SAVES times each (the first save of each
finds no engine in memory, as after a restart). Prints name=value lines in milliseconds: the answer to each
POST, and the time until the scoring it queued has finished.

    python benchmarks/bench_embedded_save.py [--saves 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _embedded_environment(folder: str) -> None:
    os.environ.pop("REDIS_URL", None)
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'db.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "innovation_office.settings"
    sys.path.insert(0, str(ROOT))


def _values(row, fields: list[str]) -> dict:
    return {name: "" if getattr(row, name) is None else getattr(row, name) for name in fields}


def _offer_form(offer) -> dict:
    fields = (
        "title summary description language trl field_tested_note lead_time_days monthly_capacity "
        "price_min_eur price_max_eur export_control ml_category"
    ).split()
    data = _values(offer, fields)
    for flag in ("field_tested_ua", "licence_held"):
        if getattr(offer, flag):
            data[flag] = "on"
    return {**data, "areas": [area.pk for area in offer.areas.all()]}


def _request_form(capability_request) -> dict:
    fields = (
        "title title_en language description summary_en conditions_note min_trl quantity unit needed_by "
        "budget_min_eur budget_max_eur urgency visibility"
    ).split()
    data = _values(capability_request, fields)
    data["needed_by"] = capability_request.needed_by.isoformat()
    return {
        **data,
        "conditions": list(capability_request.conditions),
        "areas": [area.pk for area in capability_request.areas.all()],
    }


def _timed_save(client, url: str, data: dict, drain) -> tuple[float, float]:
    started = time.perf_counter()
    response = client.post(url, data)
    answered = time.perf_counter()
    if response.status_code != 302:
        raise SystemExit(f"POST {url} answered {response.status_code}, not a redirect: the form was refused")
    drain()
    return (answered - started) * 1000, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _embedded_environment(folder)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from innovation_office import tasks
        from matching.bridge import worker
        from needs.models import CapabilityRequest, RequestState
        from offers.models import Offer, OfferState
        from profiles.models import User

        drain = getattr(tasks, "background_tasks_drain", lambda: None)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
        startup = User.objects.get(email="startup@example.org")
        officer = User.objects.get(email="officer@example.org")
        offer = Offer.objects.filter(organisation=startup.organisation, state=OfferState.PUBLISHED).first()
        capability_request = CapabilityRequest.objects.filter(
            organisation=officer.organisation, state=RequestState.OPEN
        ).first()
        startup_client, officer_client = Client(), Client()
        startup_client.force_login(startup)
        officer_client.force_login(officer)
        session = officer_client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=officer).persistent_id
        session.save()
        cases = (
            ("offer", startup_client, reverse("offers:edit", args=[offer.pk]), _offer_form(offer), "description"),
            (
                "request",
                officer_client,
                reverse("needs:edit", args=[capability_request.pk]),
                _request_form(capability_request),
                "description",
            ),
        )
        for name, client, url, data, changed in cases:
            worker.forget()
            times = [
                _timed_save(client, url, {**data, changed: f"{data[changed]}\nRevision {number}."}, drain)
                for number in range(arguments.saves)
            ]
            answers, finished = [answer for answer, _ in times], [done for _, done in times]
            print(f"{name}_first_answer_ms={answers[0]:.0f}")
            print(f"{name}_first_scored_ms={finished[0]:.0f}")
            if len(times) > 1:
                print(f"{name}_later_answer_ms={statistics.median(answers[1:]):.0f}")
                print(f"{name}_later_scored_ms={statistics.median(finished[1:]):.0f}")


if __name__ == "__main__":
    main()
