"""Stored matches: one per (request, offer) pair, their history, and the scoring runs that refresh them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needs.models import CapabilityRequest
from profiles.models import Offer, User


class MatchSource(models.TextChoices):
    ENGINE = "engine", _("Matching engine")
    STARTUP_INTEREST = "startup_interest", _("Startup's interest")
    OFFICER_REQUEST = "officer_request", _("Officer's request")
    STAFF = "staff", _("Office staff")


class MatchState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    PILOTING = "piloting", _("Piloting")
    CONTRACTED = "contracted", _("Contracted")
    CLOSED = "closed", _("Closed")
    DISMISSED = "dismissed", _("Dismissed")
    DECLINED = "declined", _("Declined")


class Match(models.Model):
    capability_request = models.ForeignKey(CapabilityRequest, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    components = models.JSONField(_("component scores"), default=dict)
    explanation = models.JSONField(_("explanation"), default=dict)
    engine_version = models.CharField(max_length=32, blank=True)
    config_hash = models.CharField(max_length=32, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=24, choices=MatchSource, default=MatchSource.ENGINE)
    state = models.CharField(_("state"), max_length=16, choices=MatchState, default=MatchState.SUGGESTED)
    # Set by the first action of a person (staff or a party); untouched engine suggestions may be withdrawn.
    touched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["capability_request", "offer"], name="one_match_per_pair"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="match_score_in_unit_interval"),
            models.CheckConstraint(condition=Q(state__in=MatchState.values), name="match_state_valid"),
            models.CheckConstraint(condition=Q(source__in=MatchSource.values), name="match_source_valid"),
        ]
        indexes = [
            models.Index(fields=["state", "-score"]),
            models.Index(fields=["capability_request", "state"]),
            models.Index(fields=["offer", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.capability_request} ↔ {self.offer}"

    @property
    def is_untouched_suggestion(self) -> bool:
        return self.touched_at is None and self.state == MatchState.SUGGESTED and self.source == MatchSource.ENGINE


class MatchEvent(models.Model):
    """One change of a match's state: who, from what, to what, why and when."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(max_length=16, choices=MatchState, blank=True)
    to_state = models.CharField(max_length=16, choices=MatchState)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_state=models.F("to_state")), name="match_event_changes_state"),
        ]


class RunKind(models.TextChoices):
    FULL = "full", _("Full rescore")
    NIGHTLY = "nightly", _("Nightly rescore")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class ScoringRun(models.Model):
    """A full rescore of every open request, done in chunks; its progress is visible to staff."""

    kind = models.CharField(max_length=16, choices=RunKind, default=RunKind.FULL)
    status = models.CharField(max_length=16, choices=RunStatus, default=RunStatus.QUEUED)
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requests_total = models.PositiveIntegerField(default=0)
    requests_done = models.PositiveIntegerField(default=0)
    pairs_scored = models.PositiveBigIntegerField(default=0)
    matches_written = models.PositiveIntegerField(default=0)
    # The last request a chunk finished: chunks resume after it, and a re-delivered chunk sees it is done.
    last_request_id = models.PositiveBigIntegerField(default=0)
    errors = models.TextField(blank=True)
    engine_version = models.CharField(max_length=32, blank=True)
    config_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(requests_done__lte=models.F("requests_total")), name="run_progress_bounded"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(status__in=["queued", "running"]), name="one_active_run_per_kind"
            ),
        ]

    @property
    def progress_percent(self) -> int:
        if not self.requests_total:
            return 100 if self.status == RunStatus.FINISHED else 0
        return round(100 * self.requests_done / self.requests_total)
