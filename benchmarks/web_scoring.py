"""The web benchmark's matches: one full rescore of the catalogue through the platform's own path, the notices
it would have written, and what a built database holds (so that a kept one can be reused).

`score()` runs matching.services.runs.scoring_run_start and its chunk tasks in this process, with the real
engine (the configured encoders) or the lexical one (BM25 over words, stems, the glossary and capability
areas, no dense encoder).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field

from web_catalogue import OFFICER_EMAIL, STARTUP_EMAIL

# Each request keeps its engine's best pairs: 1,000 requests x 20 gives the ~20,000 stored matches.
TOP_K = 20
# The shipped calibration reads the evidence of the configured encoders; without them the evidence runs
# lower, and the engine reads it by its logistic curve instead.
LEXICAL = {"encoder": "", "english_encoder": "", "calibration": ""}


@dataclass
class Catalogue:
    """What a built database holds, and the rows the benchmark's pages open."""

    offers: int = 0
    requests: int = 0
    matches: int = 0
    startups: int = 0
    engine: str = ""
    scoring_seconds: float = 0.0
    pages: dict[str, int] = field(default_factory=dict)


def _notices(now, rng: random.Random) -> int:
    """The notices the rescore would have written, in bulk: staff hear once of each request's strong candidates
    (its curator, or every staff member), a startup of each vetted request its offer fits (weekly digest); most
    of them already read. Returns how many."""
    from itertools import groupby

    from django.conf import settings
    from django.utils import timezone

    from matching.models import Match
    from matching.services.upsert import candidate_notice, candidate_recipients, suggested_request_notice
    from notifications.models import Notification
    from profiles.models import Membership
    from profiles.selectors import office_staff

    staff = list(office_staff())
    founders = {membership.organisation_id: membership.user for membership in Membership.objects.select_related("user")}
    day = timezone.localdate(now)
    rows = []
    strong = (
        Match.objects.filter(score__gte=settings.MATCHING_NOTIFY_THRESHOLD)
        .select_related("capability_request", "offer")
        .order_by("capability_request_id", "pk")
    )
    for _request_id, pairs in groupby(strong.iterator(chunk_size=2000), key=lambda match: match.capability_request_id):
        pairs = list(pairs)
        capability_request = pairs[0].capability_request
        read_at = now if rng.random() < 0.9 else None
        for user in candidate_recipients(capability_request, staff):
            notice = candidate_notice(capability_request, pairs, user, day)
            rows.append(Notification(**notice, email_channel="daily", read_at=read_at))
        for match in pairs:
            notice = suggested_request_notice(match, founders[match.offer.organisation_id])
            if notice is not None:
                rows.append(Notification(**notice, email_channel="weekly", read_at=read_at))
    return len(Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True))


def score(*, engine: str) -> float:
    """A full rescore through the platform's own path (scoring_run_start, then the chunk tasks run in this
    process), with `engine` "real" (the configured encoders) or "lexical"; returns its seconds.

    The rescore's notices are written afterwards in bulk (`_notices`): one by one they cost the rescore
    hundreds of queries per request, which would make building the catalogue take most of an hour."""
    from django.db import transaction
    from django.test.utils import override_settings
    from django.utils import timezone

    from innovation_office.celery import app
    from matching.services import scoring_run_start

    overrides = engine_settings(engine)
    logging.getLogger("celery").setLevel(logging.WARNING)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    started = time.monotonic()
    try:
        with override_settings(MATCHING_ENGINE=overrides, MATCHING_NOTIFY_THRESHOLD=1.0):
            with transaction.atomic():
                scoring_run_start(by=None)
    finally:
        app.conf.task_always_eager = eager
    with transaction.atomic():
        _notices(timezone.now(), random.Random(11))
    return time.monotonic() - started


def engine_settings(engine: str) -> dict:
    """MATCHING_ENGINE of the "lexical" or the "real" engine."""
    return {"top_k": TOP_K, **(LEXICAL if engine == "lexical" else {})}


def engine_of(config_hash: str) -> str:
    """Which engine scored matches with this configuration hash."""
    from engine import config_from_overrides

    if config_hash == config_from_overrides({"top_k": TOP_K, **LEXICAL}).hash():
        return "lexical"
    if config_hash == config_from_overrides({"top_k": TOP_K}).hash():
        return "real"
    return "other"


def describe() -> Catalogue | None:
    """What the database holds, and the rows the pages open; None when it holds no built catalogue."""
    from matching.models import Match, ScoringRun
    from needs.models import CapabilityRequest
    from offers.models import Offer
    from profiles.models import Organisation, User

    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    run = ScoringRun.objects.filter(status="finished").order_by("-pk").first()
    if officer is None or run is None:
        return None
    startup = Organisation.objects.get(memberships__user__email=STARTUP_EMAIL)
    top = Match.objects.order_by("-score", "pk").select_related("capability_request").first()
    seen_by_startup = (
        Match.objects.filter(capability_request__visibility="vetted", offer__organisation=startup)
        .order_by("-score", "pk")
        .first()
    )
    own_request = (
        Match.objects.filter(capability_request__organisation=officer.organisation).order_by("-score", "pk").first()
    )
    if top is None or seen_by_startup is None or own_request is None:
        return None
    return Catalogue(
        offers=Offer.objects.filter(state="published").count(),
        requests=CapabilityRequest.objects.filter(state="open").count(),
        matches=Match.objects.count(),
        startups=Organisation.objects.filter(kind="startup").count(),
        engine=engine_of(run.config_hash),
        scoring_seconds=(run.finished_at - run.started_at).total_seconds() if run.started_at else 0.0,
        pages={
            "offer": top.offer_id,
            "match": top.pk,
            "request_startup": seen_by_startup.capability_request_id,
            "request_officer": own_request.capability_request_id,
        },
    )
